import TcpModel

/// The fixed words arguments are chosen from, in one place so that the parser and Tab
/// completion offer the same ones. All are case-insensitive.
enum KeywordText {
    /// `on`/`off` and the spellings people bring from config files and C.
    static let flags: [(word: String, value: Bool)] = [
        ("on", true), ("off", false), ("true", true), ("false", false),
        ("yes", true), ("no", false), ("1", true), ("0", false),
    ]

    /// The words completion offers for a flag; the others are accepted but not advertised.
    static let flagWords = ["on", "off"]

    /// `read|write|both`, plus the names of the C constants without their `SHUT_`.
    static let shutdownModes: [(word: String, mode: Shutdown)] = [
        ("read", .read), ("write", .write), ("both", .both), ("rd", .read), ("wr", .write), ("rdwr", .both),
    ]

    static let shutdownWords = ["read", "write", "both"]

    static let waitConditions = ["readable", "bytes", "closed", "accepted", "joined"]

    static let expectKinds = ["text", "hex", "contains", "matches", "closed", "error", "elapsed", "received"]

    /// The bounds of `expect elapsed`.
    static let elapsedBounds = ["over", "under"]

    /// The word that turns `transcript` off; a quoted `"off"` is a file name.
    static let off = "off"

    /// The word after a file name that lets `save` and `transcript` replace an existing
    /// regular file; a quoted `"overwrite"` is a file name.
    static let overwrite = "overwrite"

    static func flag(_ word: String) -> Bool? {
        let word = word.lowercased()
        return flags.first { $0.word == word }?.value
    }

    static func shutdown(_ word: String) -> Shutdown? {
        let word = word.lowercased()
        return shutdownModes.first { $0.word == word }?.mode
    }
}
