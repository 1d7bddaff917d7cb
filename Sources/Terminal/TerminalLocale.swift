import Glibc

/// The C library's view of the user's locale, which decides whether UTF-8 may reach the terminal.
struct TerminalLocale: Sendable {
    /// The locale name setlocale settled on, e.g. "C.UTF-8" or "C".
    let name: String
    /// The character set that name implies, e.g. "UTF-8" or "ANSI_X3.4-1968".
    let codeset: String

    /// Whether multibyte text is UTF-8; only then are non-ASCII scalars sent as themselves.
    var isUTF8: Bool {
        let folded = codeset.uppercased().filter { $0 != "-" && $0 != "_" }
        return folded == "UTF8"
    }

    /// Adopts the locale from LANG/LC_* for the whole process. It must run before initscr():
    /// ncurses converts wide characters with the locale current at that moment, and in the
    /// default "C" locale every non-ASCII character comes out as garbage.
    static func adoptFromEnvironment() -> TerminalLocale {
        let chosen = setlocale(LC_ALL, "").map { String(cString: $0) }
        // A locale the system lacks leaves "C" in force; report what is actually in effect.
        let name = chosen ?? setlocale(LC_ALL, nil).map { String(cString: $0) } ?? "C"
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        return TerminalLocale(name: name, codeset: codeset)
    }
}
