/// What an `expect` command checks the bytes of the last read against.
public enum Expectation: Sendable, Hashable {
    /// `expect text "..."`: written as text with C escapes.
    case text([UInt8])
    /// `expect hex de ad be ef`: written as hex digits.
    case hex([UInt8])
}
