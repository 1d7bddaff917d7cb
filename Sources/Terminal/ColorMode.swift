/// How much colour the screen uses, decided once when the terminal starts.
public enum ColorMode: Sendable, Equatable, CustomStringConvertible {
    /// Attributes only (bold, dim, reverse, underline): no colour terminal, or NO_COLOR is set.
    case monochrome
    /// The eight ANSI colours.
    case colors8
    /// The xterm 256-colour palette.
    case colors256

    /// Picks the mode for a terminal.
    ///
    /// - Parameters:
    ///   - noColor: the NO_COLOR environment variable. Per no-color.org any non-empty value means
    ///     the user wants no colour at all, whatever the terminal can do.
    ///   - terminalHasColors: curses' `has_colors()`.
    ///   - colorCount: how many colours the terminal reports (COLORS).
    public static func choose(noColor: String?, terminalHasColors: Bool, colorCount: Int) -> ColorMode {
        if let noColor, !noColor.isEmpty { return .monochrome }
        guard terminalHasColors, colorCount >= 8 else { return .monochrome }
        return colorCount >= 256 ? .colors256 : .colors8
    }

    public var description: String {
        switch self {
        case .monochrome: return "monochrome"
        case .colors8: return "8 colours"
        case .colors256: return "256 colours"
        }
    }
}
