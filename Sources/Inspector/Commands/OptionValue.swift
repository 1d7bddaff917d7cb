/// The value a `set` command asks for, already checked against the option's range.
public enum OptionValue: Sendable, Hashable {
    /// `on`/`off` options: nodelay, nonblocking, keepalive.
    case flag(Bool)
    /// Small counts: ttl (1...255), keepalive-count (1...127).
    case count(UInt32)
    /// Buffer sizes in bytes: rcvbuf, sndbuf (1...1 GiB).
    case size(Int)
    /// Times: linger, read-timeout, write-timeout (nil = off), keepalive-idle and
    /// keepalive-interval (never nil; whole seconds).
    case duration(Duration?)
}
