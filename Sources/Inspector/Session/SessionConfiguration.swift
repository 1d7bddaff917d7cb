/// The knobs of a session, with the defaults the README documents.
public struct SessionConfiguration: Sendable {
    /// Bytes each capture ring keeps per direction per stream (received and sent).
    public var captureBound: Int = 1 << 20
    /// Bytes of the kernel's receive queue shown as "peeked" (MSG_PEEK, never consumed).
    public var peekWindow: Int = 4096
    /// Events the log keeps before dropping the oldest.
    public var logBound: Int = 10_000
    /// Bytes a `read` or `peek` without a count asks for.
    public var defaultReadLength: Int = 4096
    /// How long a `wait` without `timeout=` waits.
    public var defaultWaitTimeout: Duration = .seconds(10)
    /// How often TCP_INFO and the queues of a watched, changing stream are refreshed.
    public var refreshInterval: Duration = .milliseconds(250)
    /// How long a stream counts as "changing" after its last event.
    public var quietAfter: Duration = .seconds(3)
    /// Samples kept for the rtt and queue sparklines.
    public var historyLength: Int = 120
    /// Largest single recv in follow mode.
    public var followChunk: Int = 256 * 1024
    /// Closed streams kept listed (with their captures) before the oldest is forgotten, so a
    /// long session's memory stays bounded; 0 forgets each stream as it closes.
    public var closedStreamsKept: Int = 100

    public init() {}
}
