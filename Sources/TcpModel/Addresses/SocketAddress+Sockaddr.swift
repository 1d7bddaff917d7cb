import Glibc

/// Conversions between `SocketAddress` and the kernel's sockaddr structures.
extension SocketAddress {
    /// The address family this address needs a socket of.
    var family: Int32 {
        isIPv4 ? AF_INET : AF_INET6
    }

    /// Calls `body` with this address as a `sockaddr` pointer and its length.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SocketError) -> R) throws(SocketError) -> R {
        switch self {
        case .v4(let ip, let port):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr = ip.inAddr
            return try withUnsafePointer(to: &sin) { p throws(SocketError) -> R in
                try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(SocketError) -> R in
                    try body(sa, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(let ip, let port, let scope):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_addr = ip.in6Addr
            sin6.sin6_scope_id = scope
            return try withUnsafePointer(to: &sin6) { p throws(SocketError) -> R in
                try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa throws(SocketError) -> R in
                    try body(sa, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// Reads an address the kernel filled in; nil for families other than IPv4 and IPv6.
    init?(storage: sockaddr_storage) {
        var s = storage
        switch Int32(s.ss_family) {
        case AF_INET:
            let sin = withUnsafeBytes(of: &s) { $0.load(as: sockaddr_in.self) }
            self = .v4(IPv4Address(value: UInt32(bigEndian: sin.sin_addr.s_addr)), port: UInt16(bigEndian: sin.sin_port))
        case AF_INET6:
            let sin6 = withUnsafeBytes(of: &s) { $0.load(as: sockaddr_in6.self) }
            self = .v6(IPv6Address(sin6.sin6_addr), port: UInt16(bigEndian: sin6.sin6_port), scopeId: sin6.sin6_scope_id)
        default:
            return nil
        }
    }

    /// Asks the kernel for an address with getsockname or getpeername.
    static func query(
        _ fd: Int32, call: String,
        _ fn: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try syscall(call) {
            withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { fn(fd, $0, &len) }
            }
        }
        guard let address = SocketAddress(storage: storage) else {
            throw SocketError(.unsupported, "address family \(storage.ss_family) is not IPv4 or IPv6", call: call)
        }
        return address
    }
}
