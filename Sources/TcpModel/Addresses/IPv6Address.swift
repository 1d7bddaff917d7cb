import Glibc

/// An IPv6 address, kept as 16 bytes in network order (two 64-bit halves).
public struct IPv6Address: Sendable, Hashable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// From 16 bytes in network order; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses the textual forms inet_pton accepts (`::1`, `fe80::1`, `::ffff:1.2.3.4`).
    public init?(_ text: String) {
        var addr = in6_addr()
        // inet_pton stops at a NUL, so "::1\0junk" would parse as ::1 without this check.
        guard text.utf8.count <= 45, !text.utf8.contains(0), inet_pton(AF_INET6, text, &addr) == 1 else { return nil }
        self.init(addr)
    }

    init(_ addr: in6_addr) {
        let bytes = withUnsafeBytes(of: addr) { Array($0) }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    public static let loopback = IPv6Address(high: 0, low: 1)
    public static let unspecified = IPv6Address(high: 0, low: 0)

    public var bytes: [UInt8] {
        (0..<8).map { UInt8(high >> (56 - 8 * UInt64($0)) & 0xFF) }
            + (0..<8).map { UInt8(low >> (56 - 8 * UInt64($0)) & 0xFF) }
    }

    public var isLoopback: Bool { self == .loopback }
    public var isUnspecified: Bool { self == .unspecified }

    /// The IPv4 address inside an IPv4-mapped address (`::ffff:a.b.c.d`), if this is one.
    public var ipv4Mapped: IPv4Address? {
        guard high == 0, low >> 32 == 0xFFFF else { return nil }
        return IPv4Address(value: UInt32(truncatingIfNeeded: low))
    }

    /// The canonical text of RFC 5952, as inet_ntop writes it.
    public var description: String {
        var addr = in6Addr
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    var in6Addr: in6_addr {
        var addr = in6_addr()
        let b = bytes
        withUnsafeMutableBytes(of: &addr) { raw in
            for i in 0..<16 { raw[i] = b[i] }
        }
        return addr
    }
}
