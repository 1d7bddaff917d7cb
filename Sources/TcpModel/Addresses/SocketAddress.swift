/// An IP address and a port, as Rust's `SocketAddr`.
///
/// Text forms are numeric only (`127.0.0.1:8080`, `[::1]:8080`, `[fe80::1%2]:80`); names go
/// through `ToSocketAddrs`, which resolves them.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    case v4(IPv4Address, port: UInt16)
    /// `scopeId` is the interface index of a link-local address; zero elsewhere.
    case v6(IPv6Address, port: UInt16, scopeId: UInt32 = 0)

    public var port: UInt16 {
        switch self {
        case .v4(_, let port), .v6(_, let port, _): port
        }
    }

    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    public var isIPv6: Bool { !isIPv4 }

    /// The same address with another port.
    public func withPort(_ port: UInt16) -> SocketAddress {
        switch self {
        case .v4(let ip, _): .v4(ip, port: port)
        case .v6(let ip, _, let scope): .v6(ip, port: port, scopeId: scope)
        }
    }

    /// The address without its port, as text (`127.0.0.1`, `::1`).
    public var ipDescription: String {
        switch self {
        case .v4(let ip, _): ip.description
        case .v6(let ip, _, let scope): scope == 0 ? ip.description : "\(ip)%\(scope)"
        }
    }

    public var description: String {
        switch self {
        case .v4(let ip, let port): "\(ip):\(port)"
        case .v6(_, let port, _): "[\(ipDescription)]:\(port)"
        }
    }

    /// Parses `a.b.c.d:port` or `[v6]:port` (with an optional numeric `%scope`).
    /// The port is decimal, 0...65535. No DNS is involved.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"),
              let port = SocketAddress.parsePort(text[text.index(after: colon)...])
        else { return nil }
        let host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 {
            let inner = host.dropFirst().dropLast()
            var scope: UInt32 = 0
            var ipText = inner
            if let percent = inner.firstIndex(of: "%") {
                guard let s = SocketAddress.parseDecimal(inner[inner.index(after: percent)...], max: UInt64(UInt32.max))
                else { return nil }
                scope = UInt32(s)
                ipText = inner[..<percent]
            }
            guard let ip = IPv6Address(String(ipText)) else { return nil }
            self = .v6(ip, port: port, scopeId: scope)
        } else {
            guard !host.contains(":"), let ip = IPv4Address(String(host)) else { return nil }
            self = .v4(ip, port: port)
        }
    }

    /// A port: 1 to 5 decimal digits, at most 65535.
    static func parsePort(_ text: Substring) -> UInt16? {
        parseDecimal(text, max: UInt64(UInt16.max)).map { UInt16($0) }
    }

    static func parseDecimal(_ text: Substring, max: UInt64) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !o1, !o2, a <= max else { return nil }
            value = a
        }
        return value
    }
}
