/// The socket options the command language can set and get, by the names users type.
public enum SocketOptionName: String, CaseIterable, Sendable {
    /// TCP_NODELAY: send small segments at once instead of waiting (Nagle's algorithm off).
    case nodelay
    /// TCP_QUICKACK: acknowledge at once instead of delaying ACKs. The kernel turns it back on
    /// and off by itself, so it is a hint for the next few segments, not a setting.
    case quickack
    /// IP_TTL, or IPV6_UNICAST_HOPS on IPv6.
    case ttl
    /// SO_LINGER: how long close waits for unsent data; 0s resets the connection instead.
    case linger
    /// SO_RCVTIMEO: how long a blocking read waits before failing with EAGAIN.
    case readTimeout = "read-timeout"
    /// SO_SNDTIMEO.
    case writeTimeout = "write-timeout"
    /// O_NONBLOCK: calls that would wait fail with EAGAIN at once.
    case nonblocking
    /// SO_KEEPALIVE.
    case keepalive
    /// TCP_KEEPIDLE: idle time before the first probe.
    case keepaliveIdle = "keepalive-idle"
    /// TCP_KEEPINTVL: time between probes.
    case keepaliveInterval = "keepalive-interval"
    /// TCP_KEEPCNT: unanswered probes before the connection is dropped.
    case keepaliveCount = "keepalive-count"
    /// SO_RCVBUF (the kernel doubles what is asked, for its own bookkeeping).
    case rcvbuf
    /// SO_SNDBUF.
    case sndbuf
    /// TCP_USER_TIMEOUT: how long sent data may go unacknowledged before the connection is
    /// dropped (ETIMEDOUT); off leaves it to the retransmission and keepalive counters.
    case userTimeout = "user-timeout"
    /// TCP_CORK: hold partial segments until uncorked (or 200 ms pass).
    case cork
    /// TCP_NOTSENT_LOWAT: writable only while fewer unsent bytes than this are queued;
    /// 0 means the system's value.
    case notsentLowat = "notsent-lowat"
    /// TCP_CONGESTION: the congestion control algorithm, by name.
    case congestion
    /// IP_TOS, or IPV6_TCLASS on IPv6: the type-of-service (DSCP and ECN) byte.
    case tos
    /// TCP_MAXSEG: a limit on the segment size; reads back the size in use once connected.
    case maxseg
    /// SO_REUSEPORT: sockets with it may bind the same address and port.
    case reuseport

    /// The value's form as usage texts write it: `on|off`, `N`, `off|DUR`, `DUR`, `SIZE`.
    public var valueForm: String {
        switch self {
        case .nodelay, .quickack, .nonblocking, .keepalive, .cork, .reuseport: "on|off"
        case .ttl, .keepaliveCount, .tos, .maxseg: "N"
        case .linger, .readTimeout, .writeTimeout, .userTimeout: "off|DUR"
        case .keepaliveIdle, .keepaliveInterval: "DUR"
        case .rcvbuf, .sndbuf, .notsentLowat: "SIZE"
        case .congestion: "NAME"
        }
    }

    /// The options a listener has: the ones that make sense before any connection, which the
    /// streams it accepts inherit.
    public static let listenerOptions: [SocketOptionName] = [.ttl, .nonblocking, .tos, .maxseg, .congestion, .reuseport]

    /// Finds an option by the name a user typed: any letter case, and `_` for `-` because people
    /// coming from C write `read_timeout`.
    static func named(_ word: String) -> SocketOptionName? {
        SocketOptionName(rawValue: String(word.lowercased().map { $0 == "_" ? "-" : $0 }))
    }

    /// All names, comma-separated, for "expected one of ..." messages.
    static let nameList = allCases.map(\.rawValue).joined(separator: ", ")
}
