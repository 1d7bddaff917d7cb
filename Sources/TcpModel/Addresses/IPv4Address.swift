import Glibc

/// An IPv4 address, kept as its four octets in network order.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    /// The address as a 32-bit number, first octet in the high byte.
    public let value: UInt32

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    public init(value: UInt32) {
        self.value = value
    }

    /// Parses dotted-decimal text (`127.0.0.1`) only: no DNS, no shorthand forms.
    public init?(_ text: String) {
        var addr = in_addr()
        // inet_pton stops at a NUL, so "1.2.3.4\0junk" would parse as 1.2.3.4 without this check.
        guard text.utf8.count <= 15, !text.utf8.contains(0), inet_pton(AF_INET, text, &addr) == 1 else { return nil }
        value = UInt32(bigEndian: addr.s_addr)
    }

    public static let loopback = IPv4Address(127, 0, 0, 1)
    public static let unspecified = IPv4Address(0, 0, 0, 0)

    public var octets: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    public var isLoopback: Bool { value >> 24 == 127 }
    public var isUnspecified: Bool { value == 0 }

    public var description: String {
        octets.map(String.init).joined(separator: ".")
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    var inAddr: in_addr { in_addr(s_addr: value.bigEndian) }
}
