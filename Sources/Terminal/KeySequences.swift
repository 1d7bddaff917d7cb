import CNcursesw

/// Escape sequences that terminals send for keys but that the terminfo entry in use may not
/// list. tmux and screen send Home and End as ESC [1~ and ESC [4~ even when TERM says xterm
/// (whose entry expects ESC OH / ESC OF), and rxvt sends ESC [7~ / ESC [8~; without these,
/// such a Home key arrives as Escape, "[", "1", "~".
enum KeySequences {
    static let variants: [(sequence: String, key: Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[4~", KEY_END),
        ("\u{1B}[7~", KEY_HOME), ("\u{1B}[8~", KEY_END),
        ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END),
        ("\u{1B}OH", KEY_HOME), ("\u{1B}OF", KEY_END),
    ]

    /// Teaches ncurses each variant the terminal description does not already bind, leaving
    /// the description's own bindings alone. Needs a running screen (after initscr()).
    static func defineMissing() {
        for variant in variants where key_defined(variant.sequence) == 0 {
            define_key(variant.sequence, variant.key)
        }
    }
}
