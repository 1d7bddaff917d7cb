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
        }
    }
}
