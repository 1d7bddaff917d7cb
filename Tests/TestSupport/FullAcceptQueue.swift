import Glibc
import TcpModel

/// A listening socket with backlog 0 whose queue is filled by nonblocking connects that are
/// never accepted: the kernel drops further SYNs, so a connect to it cannot complete.
public final class FullAcceptQueue {
    public let fd: Int32
    public let address: SocketAddress
    private var fillers: [Int32] = []

    public init() throws {
        let listenFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listenFD, $0, len) } }
        listen(listenFD, 0)
        _ = withUnsafeMutablePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenFD, $0, &len) } }
        fd = listenFD
        address = .v4(.loopback, port: UInt16(bigEndian: sin.sin_port))
        for _ in 0..<4 {
            let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            fillers.append(c)
        }
        // Wait (bounded) until a handshake completes: then the queue is really full.
        var pfds = fillers.map { pollfd(fd: $0, events: Int16(POLLOUT), revents: 0) }
        _ = poll(&pfds, nfds_t(pfds.count), 2000)
    }

    deinit {
        fillers.forEach { close($0) }
        close(fd)
    }
}
