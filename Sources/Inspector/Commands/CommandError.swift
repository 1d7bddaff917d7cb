/// Why a command line could not be parsed. There is exactly one per malformed line: nothing of
/// the line is carried out, and the message says which token is wrong and what was expected.
public struct CommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation, starting with the command name (or about the command word itself), e.g.
    /// `set ttl: '300' is out of range (expected 1...255)`.
    public var message: String
    /// 1-based column, counted in Unicode scalars, of the offending token or character when one
    /// is to blame, so a prompt can point at it.
    public var column: Int?

    public init(message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    public var description: String { message }
}
