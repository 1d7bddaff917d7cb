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

    /// The value's form as usage texts write it: `on|off`, `N`, `off|DUR`, `DUR`, `SIZE`.
    public var valueForm: String {
        switch self {
        case .nodelay, .quickack, .nonblocking, .keepalive: "on|off"
        case .ttl, .keepaliveCount: "N"
        case .linger, .readTimeout, .writeTimeout: "off|DUR"
        case .keepaliveIdle, .keepaliveInterval: "DUR"
        case .rcvbuf, .sndbuf: "SIZE"
        }
    }

    /// Finds an option by the name a user typed: any letter case, and `_` for `-` because people
    /// coming from C write `read_timeout`.
    static func named(_ word: String) -> SocketOptionName? {
        SocketOptionName(rawValue: String(word.lowercased().map { $0 == "_" ? "-" : $0 }))
    }

    /// All names, comma-separated, for "expected one of ..." messages.
    static let nameList = allCases.map(\.rawValue).joined(separator: ", ")
}
