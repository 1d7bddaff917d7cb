import TcpModel

/// Which sockets the Host view shows: a small subset of `ss`'s filter language
/// (`state established`, `sport = :6379`, `dport = :443`, `src 127.0.0.0/8`, `dst ::1`,
/// `and`, `or`, `not`, parentheses) plus `pid N` and `comm NAME`.
public indirect enum HostFilter: Sendable, Hashable {
    case all
    case state(Set<UInt8>)
    case port(PortSide, PortComparison, UInt16)
    case address(PortSide, HostPrefix)
    case pid(Int32)
    case command(String)
    case not(HostFilter)
    case and(HostFilter, HostFilter)
    case or(HostFilter, HostFilter)

    /// Local (`sport`, `src`) or peer (`dport`, `dst`).
    public enum PortSide: Sendable, Hashable { case local, peer }

    public enum PortComparison: String, Sendable, Hashable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// Whether `row` passes the filter.
    public func matches(_ row: HostRow) -> Bool {
        switch self {
        case .all: return true
        case .state(let states): return states.contains(row.socket.stateNumber)
        case .port(let side, let comparison, let port):
            let value = side == .local ? row.socket.local.port : row.socket.peer.port
            switch comparison {
            case .equal: return value == port
            case .notEqual: return value != port
            case .less: return value < port
            case .lessOrEqual: return value <= port
            case .greater: return value > port
            case .greaterOrEqual: return value >= port
            }
        case .address(let side, let prefix):
            return prefix.contains(side == .local ? row.socket.local : row.socket.peer)
        case .pid(let pid): return row.owners.contains { $0.pid == pid }
        case .command(let name): return row.owners.contains { $0.command == name }
        case .not(let inner): return !inner.matches(row)
        case .and(let a, let b): return a.matches(row) && b.matches(row)
        case .or(let a, let b): return a.matches(row) || b.matches(row)
        }
    }

    /// Whether the filter asks about owners (`pid`, `comm`), which need the /proc scan.
    public var needsOwners: Bool {
        switch self {
        case .pid, .command: true
        case .not(let inner): inner.needsOwners
        case .and(let a, let b), .or(let a, let b): a.needsOwners || b.needsOwners
        default: false
        }
    }
}

/// An address with a prefix length (`10.0.0.0/8`, `::1`, `[::1]/128`). An IPv4 prefix also
/// matches IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`), as ss does.
public struct HostPrefix: Sendable, Hashable {
    public var address: SocketAddress
    public var length: Int

    func contains(_ candidate: SocketAddress) -> Bool {
        switch (address, candidate) {
        case (.v4(let net, _), .v4(let ip, _)):
            return Self.sameBits(UInt64(net.value) << 32, 0, UInt64(ip.value) << 32, 0, length)
        case (.v4(let net, _), .v6(let ip, _, _)):
            guard let mapped = ip.ipv4Mapped else { return false }
            return Self.sameBits(UInt64(net.value) << 32, 0, UInt64(mapped.value) << 32, 0, length)
        case (.v6(let net, _, _), .v6(let ip, _, _)):
            return Self.sameBits(net.high, net.low, ip.high, ip.low, length)
        case (.v6, .v4):
            return false
        }
    }

    private static func sameBits(_ aHigh: UInt64, _ aLow: UInt64, _ bHigh: UInt64, _ bLow: UInt64, _ bits: Int) -> Bool {
        func mask(_ n: Int) -> UInt64 { n <= 0 ? 0 : n >= 64 ? .max : ~(UInt64.max >> UInt64(n)) }
        let highMask = mask(bits), lowMask = mask(bits - 64)
        return aHigh & highMask == bHigh & highMask && aLow & lowMask == bLow & lowMask
    }
}
