/// `text` as one word for /bin/sh: single-quoted, with embedded single quotes spliced in.
func shellQuote(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
}

/// An argv as a /bin/sh command line.
func shellCommand(_ argv: [String]) -> String {
    argv.map(shellQuote).joined(separator: " ")
}
