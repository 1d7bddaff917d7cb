/// What an `expect` command checks the bytes of the last read against.
public enum Expectation: Sendable, Hashable {
    /// `expect text "..."`: written as text with C escapes.
    case text([UInt8])
    /// `expect hex de ad be ef`: written as hex digits.
    case hex([UInt8])
    /// `expect error ECONNRESET` / `expect error none`: the errno the command before it failed
    /// with (its symbolic name), or `none` when it succeeded.
    case error(String)
    /// `expect elapsed over 20ms` / `expect elapsed under 20ms`: how long the command before it
    /// took, as its event measured it (a `wait` measures the wait). `over` is true for a lower
    /// bound. A lesson about timing (Nagle, timeouts) proves its point with it.
    case elapsed(over: Bool, Duration)
    /// `expect received "..."`: every byte the target stream has received so far, by reads and
    /// by follow mode alike, so a lesson can show what follow mode captured.
    case received([UInt8])
    /// `expect contains TEXT`: the last read or peek holds these bytes somewhere.
    case contains([UInt8])
    /// `expect matches REGEX`: the last read or peek, as UTF-8 text (invalid bytes become
    /// U+FFFD), has a match for this regular expression (Swift Regex syntax); `^` and `$`
    /// match at line ends too, and `\r` matches the CR of a CR LF (it is matched scalar by scalar). The pattern is checked when the line is parsed.
    case matches(String)
    /// `expect closed`: the stream has ended as a read sees it: end of stream, or a reset (or
    /// another error) that a read or follow mode met; the result names which.
    case closed
}
