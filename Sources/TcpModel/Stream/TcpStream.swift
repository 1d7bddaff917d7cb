import Glibc

/// A TCP connection, as Rust's `std::net::TcpStream`, on Linux.
///
/// Each call is one honest system call (or a short, documented sequence of them): what the
/// kernel says is what the caller gets. The stream owns one descriptor and closes it on deinit;
/// `tryClone()` makes a second descriptor for the same socket.
///
/// Blocking semantics are the kernel's: with a read timeout a blocking read that waits too long
/// throws `.wouldBlock` (EAGAIN), a nonblocking read with nothing queued throws `.wouldBlock` at
/// once. EINTR is retried. Writes never raise SIGPIPE.
public final class TcpStream: Sendable {
    let owned: OwnedDescriptor

    /// Takes ownership of a connected TCP socket descriptor (Rust's `FromRawFd`): it is closed
    /// when this stream is released.
    public init(takingOwnershipOf fd: Int32) {
        owned = OwnedDescriptor(fd)
    }

    init(owned: OwnedDescriptor) {
        self.owned = owned
    }

    /// The descriptor, still owned by this stream.
    public var fileDescriptor: Int32 { owned.fd }

    /// Gives up ownership (Rust's `IntoRawFd`): the caller must close the descriptor.
    /// The stream must not be used afterwards.
    public func intoFileDescriptor() -> Int32 {
        owned.release()
    }

    // MARK: connecting

    /// Connects to each address in turn, a fresh socket for each, and returns the first that
    /// succeeds. When all fail, the last error is thrown; no addresses is `.invalidInput`.
    public static func connect(_ addrs: some ToSocketAddrs) throws(SocketError) -> TcpStream {
        let candidates = try addrs.socketAddresses()
        var lastError = SocketError(.invalidInput, "could not resolve to any addresses", call: "connect")
        for address in candidates {
            do {
                return try connectOne(address)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connectOne(_ address: SocketAddress) throws(SocketError) -> TcpStream {
        let socket = try OwnedDescriptor.socket(family: address.family, detail: "for \(address)")
        let rc = try address.withSockaddr { sa, len in Glibc.connect(socket.fd, sa, len) }
        if rc == 0 { return TcpStream(owned: socket) }
        let code = errno
        if code == EINTR {
            // The handshake goes on after a signal; wait for it as a timed connect would.
            try ConnectWait.finish(socket.fd, address: address, timeout: nil)
            return TcpStream(owned: socket)
        }
        throw SocketError(errno: code, call: "connect", detail: "to \(address)")
    }

    /// Connects with a deadline: a nonblocking connect, poll(2) for writability, then SO_ERROR.
    /// A zero timeout is `.invalidInput`; running out of time is `.timedOut`. The stream
    /// returned is blocking, like any other.
    public static func connect(to address: SocketAddress, timeout: Duration) throws(SocketError) -> TcpStream {
        try connect(to: address, from: nil, timeout: timeout)
    }

    /// Connects from a chosen local address: bind(2) to `local` first (port 0 lets the kernel
    /// pick the port, an unspecified host the interface), then connect as above; a nil timeout
    /// waits as long as the kernel does. The bind's failure (EADDRINUSE, EADDRNOTAVAIL) names
    /// the local address.
    public static func connect(to address: SocketAddress, from local: SocketAddress?,
                               timeout: Duration?) throws(SocketError) -> TcpStream {
        if let timeout, timeout.isZeroOrNegative {
            throw SocketError(.invalidInput, "cannot set a 0 duration timeout", call: "connect", detail: "to \(address)")
        }
        let socket = try OwnedDescriptor.socket(family: address.family, detail: "for \(address)")
        if let local { try socket.bind(to: local) }
        try socket.setNonblocking(true)
        let rc = try address.withSockaddr { sa, len in Glibc.connect(socket.fd, sa, len) }
        if rc != 0 {
            let code = errno
            guard code == EINPROGRESS || code == EINTR else {
                throw SocketError(errno: code, call: "connect", detail: "to \(address)")
            }
            try ConnectWait.finish(socket.fd, address: address, timeout: timeout)
        }
        try socket.setNonblocking(false)
        return TcpStream(owned: socket)
    }

    // MARK: addresses and lifetime

    /// The remote address (getpeername).
    public func peerAddr() throws(SocketError) -> SocketAddress {
        try SocketAddress.query(owned.fd, call: "getpeername", getpeername)
    }

    /// The local address (getsockname).
    public func localAddr() throws(SocketError) -> SocketAddress {
        try owned.localAddress()
    }

    /// Shuts down reading, writing or both (shutdown(2)). It acts on the socket, so every clone
    /// is affected; a reader blocked on a clone wakes after `.read`.
    public func shutdown(_ how: Shutdown) throws(SocketError) {
        _ = try syscall("shutdown", "(\(how))") { Glibc.shutdown(owned.fd, how.how) }
    }

    /// A second handle to the same socket: a new close-on-exec descriptor (F_DUPFD_CLOEXEC)
    /// that shares the socket's options, queues and nonblocking mode. Releasing either closes
    /// only its own descriptor.
    public func tryClone() throws(SocketError) -> TcpStream {
        TcpStream(owned: try owned.duplicate())
    }

    /// Takes the pending socket error (SO_ERROR); reading it clears it. nil when clear.
    public func takeError() throws(SocketError) -> SocketError? {
        try owned.takeError()
    }

    /// Sets or clears O_NONBLOCK (FIONBIO) on the open file description, shared by clones.
    public func setNonblocking(_ on: Bool) throws(SocketError) {
        try owned.setNonblocking(on)
    }

    /// Whether O_NONBLOCK is set, as fcntl(F_GETFL) reports it.
    public func isNonblocking() throws(SocketError) -> Bool {
        try owned.isNonblocking()
    }
}
