/// What a command came to: success or failure, and a line a person can read.
public struct Outcome: Sendable, Hashable {
    public var ok: Bool
    public var message: String
    /// The event it logged, if any.
    public var event: Event?

    public init(ok: Bool, message: String, event: Event? = nil) {
        self.ok = ok
        self.message = message
        self.event = event
    }

    public static func success(_ message: String, _ event: Event? = nil) -> Outcome {
        Outcome(ok: true, message: message, event: event)
    }

    public static func failure(_ message: String, _ event: Event? = nil) -> Outcome {
        Outcome(ok: false, message: message, event: event)
    }
}
