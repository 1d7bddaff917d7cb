/// A colour as the palette names it; `CursesStyles` turns it into a curses colour number.
public enum TerminalColor: Sendable, Hashable {
    /// The terminal's own foreground or background, so the user's theme shows through.
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    /// An xterm 256-colour index; used only by the 256-colour palette.
    case indexed(UInt8)
}

/// Video attributes, which also carry the whole meaning on a monochrome terminal.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
    /// The terminal's preferred highlight (reverse video on most).
    public static let standout = TextAttributes(rawValue: 1 << 4)
}

/// How the cells of one `Role` look: colours plus attributes.
public struct TextStyle: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(_ foreground: TerminalColor = .default, on background: TerminalColor = .default,
                _ attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// Attributes alone, in the terminal's own colours.
    public static func attributes(_ attributes: TextAttributes) -> TextStyle {
        TextStyle(.default, on: .default, attributes)
    }
}
