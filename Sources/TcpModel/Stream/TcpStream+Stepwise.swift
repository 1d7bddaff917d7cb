import CSocket
import Glibc

/// Calls in steps, for a caller that does its own waiting (poll(2) beside a cancel signal)
/// instead of blocking in the kernel: a connect started now and finished later, and a write
/// that never waits. Not part of Rust's `TcpStream`; the blocking calls stay as they are.
extension TcpStream {
    /// Starts a connect on a fresh nonblocking socket and returns at once. `finished` is true
    /// when the kernel completed it on the spot (it can on loopback); otherwise wait for the
    /// descriptor to become writable, then call `finishConnect(to:)`. Dropping the stream
    /// before then closes the half-open socket. With `local`, the socket is bound there first
    /// (port 0: any port), as `connect(to:from:timeout:)` does.
    public static func startConnect(to address: SocketAddress, from local: SocketAddress? = nil)
        throws(SocketError) -> (stream: TcpStream, finished: Bool) {
        let socket = try OwnedDescriptor.socket(family: address.family, detail: "for \(address)")
        if let local { try socket.bind(to: local) }
        try socket.setNonblocking(true)
        let rc = try address.withSockaddr { sa, len in Glibc.connect(socket.fd, sa, len) }
        if rc == 0 {
            try socket.setNonblocking(false)
            return (TcpStream(owned: socket), true)
        }
        let code = errno
        guard code == EINPROGRESS || code == EINTR else {
            throw SocketError(errno: code, call: "connect", detail: "to \(address)")
        }
        return (TcpStream(owned: socket), false)
    }

    /// Ends a connect begun with `startConnect(to:)` once its socket is writable: SO_ERROR
    /// says how the handshake went; on success the stream is made blocking, like any other.
    public func finishConnect(to address: SocketAddress) throws(SocketError) {
        let code = try SocketOption.getInt(owned.fd, SOL_SOCKET, SO_ERROR, "SO_ERROR")
        if code != 0 {
            throw SocketError(errno: code, call: "connect", detail: "to \(address)")
        }
        try owned.setNonblocking(false)
    }

    /// Writes what the send buffer takes now (send with MSG_DONTWAIT|MSG_NOSIGNAL); nil when
    /// it takes nothing (EAGAIN). Errors are named `send`, the call it stands in for.
    public func tryWrite(from buffer: UnsafeRawBufferPointer) throws(SocketError) -> Int? {
        do {
            return try syscall("send") { Glibc.send(owned.fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        } catch where error.kind == .wouldBlock {
            return nil
        }
    }
}
