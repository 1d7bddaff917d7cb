/// A problem inside one piece of text (an argument, a quoted string, hex digits), found before
/// anyone knows which command the text belongs to. The command parser turns it into a
/// `CommandError` that names the command and the column in the line; the public text parsers
/// (`DurationText`, `HexText`, ...) turn it into one that stands alone.
struct TextFault: Error, Sendable {
    /// What is wrong, naming the offending text: `'2d' has an unknown unit 'd'`.
    var problem: String
    /// Byte offset of the one character to blame, in the buffer that was parsed. Parsers that
    /// work on slices of the command line report offsets in the line itself.
    var offset: Int?
    /// What would have been right, to follow the word "expected".
    var expected: String?

    init(_ problem: String, at offset: Int? = nil, expected: String? = nil) {
        self.problem = problem
        self.offset = offset
        self.expected = expected
    }

    /// Runs a decoder over the whole of `text`, for callers that parse it alone (not as a
    /// token of a line): a fault comes back as a `CommandError` placed in that text.
    static func decodeStandalone(_ text: String,
                                 _ decode: (ArraySlice<UInt8>) throws(TextFault) -> [UInt8]) throws(CommandError) -> [UInt8] {
        let bytes = Array(text.utf8)
        do throws(TextFault) {
            return try decode(bytes[...])
        } catch {
            throw error.standalone(in: bytes)
        }
    }

    /// The error for a caller that parsed `bytes` alone: positions are 1-based in that text.
    func standalone(in bytes: [UInt8]) -> CommandError {
        var message = problem
        var column: Int?
        if let offset {
            let position = TextPosition.column(ofByte: offset, in: bytes)
            message += " at position \(position)"
            column = position
        }
        if let expected { message += " (expected \(expected))" }
        return CommandError(message: message, column: column)
    }
}
