/// `text` as one word for /bin/sh: single-quoted, with embedded single quotes spliced in.
public func shellQuote(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
}

/// An argv as a /bin/sh command line.
public func shellCommand(_ argv: [String]) -> String {
    argv.map(shellQuote).joined(separator: " ")
}
