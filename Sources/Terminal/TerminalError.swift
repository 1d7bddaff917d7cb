import Inspector

/// Why the terminal could not be taken over.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, no tty at all).
    case notATerminal
    /// Another `TerminalScreen` is running: curses has one screen per process.
    case alreadyActive
    /// `initscr()` gave no window.
    case startFailed
    /// A system call failed; `code` is its errno.
    case system(call: String, code: Int32)
    /// TERM names no terminal type the terminfo database has (or TERM is not set).
    case unknownTerminal(String?)
    /// The terminal cannot move the cursor to a given place (no `cup` in its terminfo entry,
    /// as for TERM=dumb): a full-screen view drawn on it would be garbled.
    case noCursorAddressing(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "standard input and output must be a terminal"
        case .alreadyActive:
            return "the terminal is already in use by this process"
        case .startFailed:
            return "curses could not start on this terminal (is TERM set correctly?)"
        case let .system(call, code):
            return "\(call) failed with errno \(code)"
        case .unknownTerminal(nil):
            return "TERM is not set, so the terminal's type is unknown; set it (e.g. TERM=xterm-256color),"
                + " or use `tcpscope run` for no screen"
        case .unknownTerminal(let name?):
            return "TERM=\(MessageText.fileName(name)) is not a terminal type this system knows (no terminfo entry);"
                + " set TERM to your terminal's type (e.g. xterm-256color), or use `tcpscope run` for no screen"
        case .noCursorAddressing(let name):
            return "this terminal (TERM=\(MessageText.fileName(name))) cannot move the cursor (no cup in its terminfo"
                + " entry), so a full screen would be garbled; use a terminal that can (e.g. xterm-256color),"
                + " or `tcpscope run` for no screen"
        }
    }
}
