/// What an `expect` command checks the bytes of the last read against.
public enum Expectation: Sendable, Hashable {
    /// `expect text "..."`: written as text with C escapes.
    case text([UInt8])
    /// `expect hex de ad be ef`: written as hex digits.
    case hex([UInt8])
    /// `expect error ECONNRESET` / `expect error none`: the errno the command before it failed
    /// with (its symbolic name), or `none` when it succeeded.
    case error(String)
}
