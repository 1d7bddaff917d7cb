import Glibc
import TcpModel
import TestSupport

/// A connected pair on loopback: our client stream and the accepted server side.
func loopbackPair(_ host: String = "127.0.0.1") throws -> (client: TcpStream, server: TcpStream, listener: TcpListener) {
    let listener = try TcpListener.bind(host.contains(":") ? "[\(host)]:0" : "\(host):0")
    let client = try TcpStream.connect(try listener.localAddr())
    let (server, _) = try listener.accept()
    // A guard against a bug hanging the suite: no test read waits longer than this.
    try client.setReadTimeout(.seconds(10))
    try server.setReadTimeout(.seconds(10))
    return (client, server, listener)
}

/// A port nobody listens on: bind, read the port, close.
func closedPort(_ host: String = "127.0.0.1") throws -> SocketAddress {
    try closedLoopbackPort(host)
}

func isCloseOnExec(_ fd: Int32) -> Bool {
    fcntl(fd, F_GETFD) & FD_CLOEXEC != 0
}
