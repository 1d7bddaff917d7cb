import Screen

/// The look of every `Role`: the one table that says what a meaning looks like, so panes never
/// choose colours themselves (htop's CRT colour schemes, indexed by role).
///
/// Each mode is an exhaustive switch, so a new `Role` cannot compile until it has a look in all
/// three. The colours keep the data pane readable at a glance: bytes still waiting in the kernel
/// (peeked) are magenta, bytes consumed by a read are green, bytes sent are blue/cyan, and each
/// also differs in attributes so the three stay apart on a monochrome terminal.
public struct Palette: Sendable {
    public let mode: ColorMode

    public init(mode: ColorMode) {
        self.mode = mode
    }

    /// The style cells of `role` are drawn in.
    public func style(for role: Role) -> TextStyle {
        switch mode {
        case .monochrome: return Palette.monochrome(role)
        case .colors8: return Palette.colors8(role)
        case .colors256: return Palette.colors256(role)
        }
    }

    /// Attributes only: what NO_COLOR and colourless terminals get.
    private static func monochrome(_ role: Role) -> TextStyle {
        switch role {
        case .normal, .border, .good, .stateClosing, .read: return .attributes([])
        case .dim, .pending, .stateClosed: return .attributes(.dim)
        case .title, .borderFocused, .footerKey, .prompt, .warning, .stateEstablished:
            return .attributes(.bold)
        case .header: return .attributes([.bold, .underline])
        case .selected, .footerLabel, .status, .boundary: return .attributes(.reverse)
        case .error: return .attributes([.bold, .standout])
        case .match: return .attributes(.standout)
        case .peeked: return .attributes(.underline)
        case .sent: return .attributes(.bold)
        }
    }

    /// The eight ANSI colours; bold stands in for the bright variants.
    private static func colors8(_ role: Role) -> TextStyle {
        switch role {
        case .normal: return TextStyle()
        case .dim: return .attributes(.dim)
        case .title: return TextStyle(.cyan, on: .default, .bold)
        case .border: return TextStyle(.blue)
        case .borderFocused: return TextStyle(.cyan, on: .default, .bold)
        case .header: return TextStyle(.black, on: .green)
        case .selected: return .attributes(.reverse)
        case .footerKey: return .attributes(.bold)
        case .footerLabel: return TextStyle(.black, on: .cyan)
        case .status: return TextStyle(.white, on: .blue)
        case .prompt: return TextStyle(.yellow, on: .default, .bold)
        case .error: return TextStyle(.red, on: .default, .bold)
        case .warning: return TextStyle(.yellow)
        case .good: return TextStyle(.green)
        case .peeked: return TextStyle(.magenta, on: .default, .bold)
        case .read: return TextStyle(.green)
        case .sent: return TextStyle(.cyan)
        case .boundary: return TextStyle(.yellow, on: .default, .bold)
        case .match: return TextStyle(.black, on: .yellow)
        case .pending: return TextStyle(.yellow)
        case .stateEstablished: return TextStyle(.green, on: .default, .bold)
        case .stateClosing: return TextStyle(.yellow)
        case .stateClosed: return TextStyle(.red)
        }
    }

    /// Softer tones from the xterm 256-colour cube, chosen to read well on dark and light themes.
    private static func colors256(_ role: Role) -> TextStyle {
        switch role {
        case .normal: return TextStyle()
        case .dim: return TextStyle(.indexed(244))
        case .title: return TextStyle(.indexed(81), on: .default, .bold)
        case .border: return TextStyle(.indexed(67))
        case .borderFocused: return TextStyle(.indexed(81), on: .default, .bold)
        case .header: return TextStyle(.indexed(16), on: .indexed(114))
        case .selected: return .attributes(.reverse)
        case .footerKey: return .attributes(.bold)
        case .footerLabel: return TextStyle(.indexed(16), on: .indexed(73))
        case .status: return TextStyle(.indexed(231), on: .indexed(24))
        case .prompt: return TextStyle(.indexed(221), on: .default, .bold)
        case .error: return TextStyle(.indexed(203), on: .default, .bold)
        case .warning: return TextStyle(.indexed(214))
        case .good: return TextStyle(.indexed(114))
        case .peeked: return TextStyle(.indexed(213), on: .default, .bold)
        case .read: return TextStyle(.indexed(114))
        case .sent: return TextStyle(.indexed(75))
        case .boundary: return TextStyle(.indexed(221), on: .default, .bold)
        case .match: return TextStyle(.indexed(16), on: .indexed(221))
        case .pending: return TextStyle(.indexed(179))
        case .stateEstablished: return TextStyle(.indexed(114), on: .default, .bold)
        case .stateClosing: return TextStyle(.indexed(214))
        case .stateClosed: return TextStyle(.indexed(167))
        }
    }
}
