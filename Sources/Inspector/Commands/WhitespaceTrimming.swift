/// Trimming, where the command language and its callers need it: with the parser, so the
/// parser's sources stand on their own (the fuzz harness compiles them alone).
extension StringProtocol {
    /// The text without leading and trailing white space.
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
