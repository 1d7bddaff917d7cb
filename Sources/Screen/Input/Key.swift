/// One key press, decoded from what the terminal sent.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character, as typed (any script, any case).
    case character(Character)
    /// Control plus a letter or one of `@[\]^_`, as the lowercase letter or that symbol.
    /// Tab, Enter, Backspace and Escape arrive as their own cases, never as `ctrl`.
    case ctrl(Character)
    /// Alt (Meta) plus a character: the terminal sends Escape then the character.
    case alt(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case insert, delete, backspace, enter, tab, backTab, escape
    /// Function key Fn, n from 1.
    case function(Int)
    /// The terminal was resized; `TerminalScreen.size` is already the new size.
    case resize
    /// A key code curses knows but tcpscope has no name for.
    case unknown(Int32)
    /// Text the terminal marked as pasted (bracketed paste, between ESC [200~ and ESC [201~),
    /// exactly as it came: text for a prompt, never keys. A long paste may come in several.
    case paste(String)

    /// A short name as help screens write keys: "a", "ctrl-a", "alt-x", "up", "F5".
    public var description: String {
        switch self {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .alt(let c): return "alt-\(c)"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .pageUp: return "page-up"
        case .pageDown: return "page-down"
        case .home: return "home"
        case .end: return "end"
        case .insert: return "insert"
        case .delete: return "delete"
        case .backspace: return "backspace"
        case .enter: return "enter"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .escape: return "escape"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .unknown(let code): return "key-\(code)"
        case .paste: return "paste"
        }
    }
}
