import CNcursesw
import Glibc
import Synchronization

/// Bracketed paste (xterm's mode 2004, which tmux, screen, VTE, kitty and others follow): while
/// it is on, the terminal sends a paste between ESC [200~ and ESC [201~, so a paste can be told
/// from typing and taken as text, never as keys. A terminal without it ignores the request and
/// sends pastes as typing, as before.
///
/// The mode belongs to the terminal, not to curses, so endwin() does not turn it off: `disable`
/// runs on every path that gives the terminal back (restore, the signal handlers, the exit
/// hook). It is async-signal-safe: an atomic exchange and write(2), nothing that allocates.
enum BracketedPaste {
    /// Key codes curses returns for the two marks once `defineKeys` taught it them. Far above
    /// the codes ncurses hands out for extended keys of a terminfo entry (from KEY_MAX up).
    nonisolated(unsafe) static var startKey: Int32 = 0x7F00
    nonisolated(unsafe) static var endKey: Int32 = 0x7F01

    static let startSequence = "\u{1B}[200~"
    static let endSequence = "\u{1B}[201~"

    /// Whether the terminal was asked for the mode and not yet told to stop.
    private static let active = Atomic<Bool>(false)

    /// Teaches curses the two marks as keys (the terminfo entry does not list them). Where an
    /// entry does bind them already, its codes are used. On the UI thread, after initscr().
    static func defineKeys() {
        startKey = define(startSequence, fallback: 0x7F00)
        endKey = define(endSequence, fallback: 0x7F01)
    }

    private static func define(_ sequence: String, fallback: Int32) -> Int32 {
        let bound = key_defined(sequence)
        if bound > 0 { return bound }
        define_key(sequence, fallback)
        return fallback
    }

    /// Asks the terminal for bracketed paste.
    static func enable() {
        guard !active.exchange(true, ordering: .acquiringAndReleasing) else { return }
        send("\u{1B}[?2004h")
    }

    /// Asks again while the mode should be on: after a suspension (SIGCONT) the shell may have
    /// turned it off. Async-signal-safe.
    static func reassert() {
        guard active.load(ordering: .acquiring) else { return }
        send("\u{1B}[?2004h")
    }

    /// Tells the terminal to send pastes as typing again, once, whoever calls first.
    static func disable() {
        guard active.exchange(false, ordering: .acquiringAndReleasing) else { return }
        send("\u{1B}[?2004l")
    }

    private static func send(_ sequence: StaticString) {
        var offset = 0
        while offset < sequence.utf8CodeUnitCount {
            let n = write(STDOUT_FILENO, sequence.utf8Start + offset, sequence.utf8CodeUnitCount - offset)
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}
