import CSocket
import Glibc
import Synchronization

/// One socket descriptor and who owns it. Closed on deinit unless ownership was handed out
/// with `release()`; this is the whole of Rust's OwnedFd in one place.
final class OwnedDescriptor: Sendable {
    let fd: Int32
    private let released = Atomic<Bool>(false)

    init(_ fd: Int32) {
        self.fd = fd
    }

    /// Gives the descriptor away: it will not be closed by this object any more.
    func release() -> Int32 {
        released.store(true, ordering: .releasing)
        return fd
    }

    deinit {
        if !released.load(ordering: .acquiring) {
            // close(2) is not retried on EINTR: Linux has freed the descriptor either way.
            _ = Glibc.close(fd)
        }
    }

    /// A new socket of `family`, close-on-exec from birth.
    /// bind(2) to `address`; its failure (EADDRINUSE, EADDRNOTAVAIL) names the address.
    func bind(to address: SocketAddress) throws(SocketError) {
        _ = try address.withSockaddr { sa, len throws(SocketError) in
            try syscall("bind", "to \(address)") { Glibc.bind(fd, sa, len) }
        }
    }

    static func socket(family: Int32, detail: @autoclosure () -> String) throws(SocketError) -> OwnedDescriptor {
        let fd = try syscall("socket", detail()) {
            Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        return OwnedDescriptor(fd)
    }

    /// dup with close-on-exec (F_DUPFD_CLOEXEC, lowest free descriptor >= 3).
    func duplicate() throws(SocketError) -> OwnedDescriptor {
        let copy = try syscall("fcntl(F_DUPFD_CLOEXEC)") { csock_fcntl_int(fd, F_DUPFD_CLOEXEC, 3) }
        return OwnedDescriptor(copy)
    }

    // MARK: options every socket has (streams and listeners alike)

    func family() throws(SocketError) -> Int32 {
        try SocketOption.getInt(fd, SOL_SOCKET, SO_DOMAIN, "SO_DOMAIN")
    }

    func localAddress() throws(SocketError) -> SocketAddress {
        try SocketAddress.query(fd, call: "getsockname", getsockname)
    }

    /// IP_TTL on IPv4, IPV6_UNICAST_HOPS on IPv6. Both accept 1...255; the IPv6 call would also
    /// take 0 and -1, so those are refused here with the EINVAL IP_TTL gives, to keep one meaning.
    func setTtl(_ ttl: UInt32) throws(SocketError) {
        let value = Int32(clamping: ttl)
        if try family() == AF_INET6 {
            guard (1...255).contains(ttl) else {
                throw SocketError(errno: EINVAL, call: "setsockopt(IPV6_UNICAST_HOPS)", detail: "to \(ttl)")
            }
            try SocketOption.setInt(fd, Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS, value, "IPV6_UNICAST_HOPS")
        } else {
            do {
                try SocketOption.setInt(fd, Int32(IPPROTO_IP), IP_TTL, value, "IP_TTL")
            } catch {
                var e = error
                e.detail = "to \(ttl)"
                throw e
            }
        }
    }

    func ttl() throws(SocketError) -> UInt32 {
        let value: Int32
        if try family() == AF_INET6 {
            value = try SocketOption.getInt(fd, Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS")
        } else {
            value = try SocketOption.getInt(fd, Int32(IPPROTO_IP), IP_TTL, "IP_TTL")
        }
        return UInt32(clamping: value)
    }

    func takeError() throws(SocketError) -> SocketError? {
        let code = try SocketOption.getInt(fd, SOL_SOCKET, SO_ERROR, "SO_ERROR")
        return code == 0 ? nil : SocketError(errno: code, call: "SO_ERROR", detail: "(pending on the socket)")
    }

    /// FIONBIO acts on the open file description, so every clone sees the change.
    func setNonblocking(_ on: Bool) throws(SocketError) {
        _ = try syscall("ioctl(FIONBIO)") { csock_ioctl_set_int(fd, CSOCK_FIONBIO, on ? 1 : 0) }
    }

    func isNonblocking() throws(SocketError) -> Bool {
        let flags = try syscall("fcntl(F_GETFL)") { csock_fcntl_int(fd, F_GETFL, 0) }
        return flags & O_NONBLOCK != 0
    }
}
