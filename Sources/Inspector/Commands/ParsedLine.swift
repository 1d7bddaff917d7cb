/// One line of the command language after parsing: the command and how to run it.
public struct ParsedLine: Sendable, Hashable {
    /// The command, or nil for a blank line or a comment.
    public var command: Command?
    /// The line started with `try `: a failure is logged and the script goes on.
    public var allowFailure: Bool
    /// The line had a prefix such as `s2:`: the command applies to that entry, and the selection
    /// does not change.
    public var target: EntryID?

    public init(command: Command?, allowFailure: Bool = false, target: EntryID? = nil) {
        self.command = command
        self.allowFailure = allowFailure
        self.target = target
    }
}
