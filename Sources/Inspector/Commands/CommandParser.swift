/// Parses lines of the command language, the one grammar behind the `:` prompt, key bindings
/// and scripts. Pure: no I/O, no state, safe on any input.
///
/// A line is `[try ][ID: ]COMMAND [ARGUMENTS]`, or blank, or a comment (`#` as its first
/// non-blank character). `try` lets a script go on when the command fails; the `s2:` prefix
/// aims one command at an entry without changing the selection. A line either parses whole or
/// gives one `CommandError`; nothing is half-parsed.
public enum CommandParser {
    /// Lines longer than this (in UTF-8 bytes) are refused before any work is done: no script or
    /// prompt line needs more, and it bounds the cost of anything hostile.
    public static let maximumLineLength = 64 * 1024

    /// Parses one line. A trailing line break (`\n`, `\r\n`) is ignored, so lines read from a
    /// file written on any system can be passed as they are.
    public static func parse(_ line: String) throws(CommandError) -> ParsedLine {
        let length = line.utf8.count
        guard length <= maximumLineLength else {
            throw CommandError(message: "line too long: \(length) bytes (expected at most \(maximumLineLength))")
        }
        var bytes = Array(line.utf8)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }

        var tokenizer = Tokenizer(bytes)
        tokenizer.skipWhitespace()
        if tokenizer.atEnd || bytes[tokenizer.offset] == UInt8(ascii: "#") { return ParsedLine(command: nil) }
        guard var word = try lineWord(&tokenizer) else { return ParsedLine(command: nil) }
        var allowFailure = false
        if !word.isQuoted, word.keyword == "try" {
            allowFailure = true
            guard let next = try lineWord(&tokenizer) else {
                throw CommandError(message: "try: missing command (expected try COMMAND)",
                                   column: TextPosition.column(ofByte: bytes.count, in: bytes))
            }
            word = next
        }

        var target: (id: EntryID, token: Token)?
        if !word.isQuoted, let colon = word.bytes.firstIndex(of: UInt8(ascii: ":")) {
            let id = try targetPrefix(word, colon: colon, line: bytes)
            target = (id, word)
            if colon + 1 < word.bytes.count {
                // `s2:read`: the command word follows the colon directly.
                word = Token(bytes: Array(word.bytes[(colon + 1)...]), start: word.start + colon + 1, end: word.end, isQuoted: false)
            } else if let next = try lineWord(&tokenizer) {
                word = next
            } else {
                throw CommandError(message: "\(id): missing command after the target prefix (expected \(id): COMMAND)",
                                   column: TextPosition.column(ofByte: bytes.count, in: bytes))
            }
        }

        let command = try commandWord(word, target: target, line: bytes)
        if let target, !command.takesTarget {
            throw CommandError(message: "\(command.rawValue): a target prefix does not apply (expected \(command.usage))",
                               column: TextPosition.column(ofByte: target.token.start, in: bytes))
        }
        let parsed = try CommandArguments.parse(command, line: bytes, after: word.end)
        return ParsedLine(command: parsed, allowFailure: allowFailure, target: target?.id)
    }

    /// A word before the command is known; its faults are about the line, not a command.
    private static func lineWord(_ tokenizer: inout Tokenizer) throws(CommandError) -> Token? {
        do throws(TextFault) {
            return try tokenizer.next()
        } catch {
            let column = TextPosition.column(ofByte: error.offset ?? tokenizer.bytes.count, in: tokenizer.bytes)
            let expected = error.expected.map { " (expected \($0))" } ?? ""
            throw CommandError(message: "\(error.problem) at column \(column)\(expected)", column: column)
        }
    }

    private static func targetPrefix(_ word: Token, colon: Int, line: [UInt8]) throws(CommandError) -> EntryID {
        let column = TextPosition.column(ofByte: word.start, in: line)
        let expected = "(expected an id such as s2: or l1: before the command)"
        guard colon > 0 else {
            throw CommandError(message: "target prefix: empty id before ':' \(expected)", column: column)
        }
        do throws(TextFault) {
            return try EntryID.parsing(String(decoding: word.bytes[..<colon], as: UTF8.self))
        } catch {
            throw CommandError(message: "target prefix: \(error.problem) \(expected)", column: column)
        }
    }

    private static func commandWord(_ word: Token, target: (id: EntryID, token: Token)?,
                                    line: [UInt8]) throws(CommandError) -> CommandWord {
        let column = TextPosition.column(ofByte: word.start, in: line)
        if let command = CommandWord.named(word.text) { return command }
        if let target, !word.isQuoted, word.keyword == "try" {
            throw CommandError(message: "'try' must come before the target prefix (expected try \(target.id): COMMAND)",
                               column: column)
        }
        if target != nil, !word.isQuoted, word.bytes.contains(UInt8(ascii: ":")) {
            throw CommandError(message: "unexpected second target prefix \(word.quoted) (expected one ID: before the command)",
                               column: column)
        }
        var message = "unknown command \(word.quoted)"
        if let near = Suggestion.nearest(to: word.text, among: CommandParser.commandNames) {
            message += ", did you mean '\(near)'?"
        }
        throw CommandError(message: message + " (try 'help')", column: column)
    }
}
