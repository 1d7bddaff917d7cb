/// The value a `set` command asks for, already checked against the option's range.
public enum OptionValue: Sendable, Hashable {
    /// `on`/`off` options: nodelay, nonblocking, keepalive.
    case flag(Bool)
    /// Small counts: ttl (1...255), keepalive-count (1...127), tos (0...255), maxseg.
    case count(UInt32)
    /// Sizes in bytes: rcvbuf, sndbuf (1...1 GiB), notsent-lowat (0...1 GiB).
    case size(Int)
    /// Times: linger, read-timeout, write-timeout (nil = off), keepalive-idle and
    /// keepalive-interval (never nil; whole seconds), user-timeout (nil = off; milliseconds).
    case duration(Duration?)
    /// A name the kernel judges: congestion (`cubic`, `bbr`, `reno`).
    case name(String)
}
