/// What a `wait` command waits for.
public enum WaitCondition: Sendable, Hashable {
    /// At least one byte (or end of stream) can be read without blocking.
    case readable
    /// At least this many bytes are waiting in the receive queue.
    case bytes(Int)
    /// The peer has closed its side (end of stream or reset).
    case closed
    /// A listener has accepted a new stream.
    case accepted
    /// The stream is joined with another (a relay's pair is joined once its upstream connect
    /// succeeds).
    case joined
}
