/// Notes: things the front end knows that belong in the Log with everything else.
extension Session {
    /// Logs `text` as a session-wide note, where it stays in view after the status line has
    /// moved on (a low descriptor limit, said at start).
    public func note(_ text: String) {
        record(Event(entry: nil, op: "note", value: text))
    }
}
