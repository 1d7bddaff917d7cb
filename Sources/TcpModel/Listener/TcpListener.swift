import CSocket
import Glibc

/// A listening TCP socket, as Rust's `std::net::TcpListener`.
public final class TcpListener: Sendable {
    let owned: OwnedDescriptor

    /// The backlog Rust uses on Linux.
    public static let backlog: Int32 = 128

    /// Takes ownership of a listening socket descriptor; closed when the listener is released.
    public init(takingOwnershipOf fd: Int32) {
        owned = OwnedDescriptor(fd)
    }

    init(owned: OwnedDescriptor) {
        self.owned = owned
    }

    public var fileDescriptor: Int32 { owned.fd }

    /// Gives up ownership of the descriptor; the caller must close it.
    public func intoFileDescriptor() -> Int32 {
        owned.release()
    }

    /// Binds to each address in turn (SO_REUSEADDR, then bind, then listen with a backlog of
    /// 128) and returns the first that works; the last error otherwise. Port 0 lets the kernel
    /// pick a free port: ask `localAddr()` which.
    public static func bind(_ addrs: some ToSocketAddrs) throws(SocketError) -> TcpListener {
        let candidates = try addrs.socketAddresses()
        var lastError = SocketError(.invalidInput, "could not resolve to any addresses", call: "bind")
        for address in candidates {
            do {
                return try bindOne(address)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Binds as `bind(_:)` does, with a chosen accept backlog and the choice of SO_REUSEADDR
    /// (off: bind fails with EADDRINUSE while connections in TIME_WAIT hold the port) and
    /// SO_REUSEPORT (on: other sockets with it may bind the same port and share its
    /// connections). The kernel caps the backlog at net.core.somaxconn.
    public static func bind(_ addrs: some ToSocketAddrs, backlog: Int32, reuseAddress: Bool = true,
                            reusePort: Bool = false) throws(SocketError) -> TcpListener {
        let settings = Settings(backlog: backlog, reuseAddress: reuseAddress, reusePort: reusePort)
        let candidates = try addrs.socketAddresses()
        var lastError = SocketError(.invalidInput, "could not resolve to any addresses", call: "bind")
        for address in candidates {
            do {
                return try bindOne(address, settings)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private struct Settings {
        var backlog = TcpListener.backlog
        var reuseAddress = true
        var reusePort = false
    }

    private static func bindOne(_ address: SocketAddress, _ settings: Settings = Settings()) throws(SocketError) -> TcpListener {
        let socket = try OwnedDescriptor.socket(family: address.family, detail: "for \(address)")
        if settings.reuseAddress { try socket.setReuseAddress(true) }
        if settings.reusePort { try socket.setReusePort(true) }
        try socket.bind(to: address)
        _ = try syscall("listen", "on \(address) (backlog \(settings.backlog))") { Glibc.listen(socket.fd, settings.backlog) }
        return TcpListener(owned: socket)
    }

    public func localAddr() throws(SocketError) -> SocketAddress {
        try owned.localAddress()
    }

    /// Accepts one connection (accept4 with SOCK_CLOEXEC). The stream is blocking whatever the
    /// listener's mode; on a nonblocking listener with no connection waiting this is
    /// `.wouldBlock`.
    public func accept() throws(SocketError) -> (TcpStream, SocketAddress) {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = try syscall("accept") {
            withUnsafeMutablePointer(to: &storage) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    csock_accept4(owned.fd, $0, &len, Int32(SOCK_CLOEXEC.rawValue))
                }
            }
        }
        let stream = TcpStream(owned: OwnedDescriptor(fd))
        guard let peer = SocketAddress(storage: storage) else {
            throw SocketError(.unsupported, "peer address family \(storage.ss_family) is not IPv4 or IPv6", call: "accept")
        }
        return (stream, peer)
    }

    /// A second descriptor for the same listening socket; both accept.
    public func tryClone() throws(SocketError) -> TcpListener {
        TcpListener(owned: try owned.duplicate())
    }

    public func setTtl(_ ttl: UInt32) throws(SocketError) { try owned.setTtl(ttl) }
    public func ttl() throws(SocketError) -> UInt32 { try owned.ttl() }
    public func takeError() throws(SocketError) -> SocketError? { try owned.takeError() }
    public func setNonblocking(_ on: Bool) throws(SocketError) { try owned.setNonblocking(on) }
    public func isNonblocking() throws(SocketError) -> Bool { try owned.isNonblocking() }
}
