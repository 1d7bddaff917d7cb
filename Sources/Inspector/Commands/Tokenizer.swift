/// One word of a command line, after quotes are removed and escapes applied.
struct Token: Sendable {
    /// The word's bytes; escapes in double quotes can make them any bytes at all.
    var bytes: [UInt8]
    /// Byte offsets in the line of the word's first character and just past its last.
    var start: Int
    var end: Int
    /// Some part of the word was in quotes. A quoted word is never an option (`"timeout=1s"`),
    /// a target prefix or `try`, and `transcript "off"` writes a file named off.
    var isQuoted: Bool

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The word for comparing with keywords, which are case-insensitive.
    var keyword: String { text.lowercased() }

    var quoted: String { MessageText.quoted(text) }
}

/// Splits a command line into words, shell-style but smaller: whitespace separates words,
/// double quotes group and allow C escapes, single quotes group literally, and quoted and
/// unquoted parts next to each other make one word (`key="a b"`). A backslash outside quotes is
/// an ordinary character, so Windows paths and regexes need no doubling.
///
/// It is a cursor rather than a function returning all words because `send` and `expect` take
/// the raw rest of the line after their first words.
struct Tokenizer {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], from offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset >= bytes.count }

    mutating func skipWhitespace() {
        while offset < bytes.count, ASCII.isWhitespace(bytes[offset]) { offset += 1 }
    }

    /// The next word, or nil at the end of the line.
    mutating func next() throws(TextFault) -> Token? {
        skipWhitespace()
        guard offset < bytes.count else { return nil }
        let start = offset
        var word: [UInt8] = []
        var quoted = false
        while offset < bytes.count, !ASCII.isWhitespace(bytes[offset]) {
            switch bytes[offset] {
            case UInt8(ascii: "\""):
                guard let close = Tokenizer.closingDoubleQuote(in: bytes, openingAt: offset) else {
                    throw TextFault("unterminated double quote", at: offset, expected: "a closing \"")
                }
                word += try EscapedText.decode(bytes[(offset + 1)..<close])
                quoted = true
                offset = close + 1
            case UInt8(ascii: "'"):
                guard let close = Tokenizer.closingSingleQuote(in: bytes, openingAt: offset) else {
                    throw TextFault("unterminated single quote", at: offset, expected: "a closing '")
                }
                word += bytes[(offset + 1)..<close]
                quoted = true
                offset = close + 1
            default:
                word.append(bytes[offset])
                offset += 1
            }
        }
        return Token(bytes: word, start: start, end: offset, isQuoted: quoted)
    }

    /// All remaining words.
    mutating func rest() throws(TextFault) -> [Token] {
        var tokens: [Token] = []
        while let token = try next() { tokens.append(token) }
        return tokens
    }

    /// The index of the `"` that closes the one at `open`; a backslash hides the byte after it.
    static func closingDoubleQuote(in bytes: [UInt8], openingAt open: Int) -> Int? {
        var index = open + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return nil
    }

    /// The index of the `'` that closes the one at `open`; nothing is escaped in single quotes.
    static func closingSingleQuote(in bytes: [UInt8], openingAt open: Int) -> Int? {
        var index = open + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "'") { return index }
            index += 1
        }
        return nil
    }
}
