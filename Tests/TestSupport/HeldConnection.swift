import Foundation

/// A python3 process that holds one loopback connection to itself (listener, client and
/// accepted socket), so tests can find its sockets on the host the way any other program's
/// would be found. It prints `PORTS listen client accepted-fd` once connected; writing a line
/// to its stdin makes it call recv on the accepted socket and print `RESULT ...` (the bytes,
/// or the errno's name).
public final class HeldConnection {
    public let peer: PeerProcess
    /// The listener's port; the client's local port.
    public let listenPort: UInt16
    public let clientPort: UInt16
    /// The accepted socket's descriptor in the helper.
    public let acceptedFd: Int32

    static let script = """
        import socket, sys, errno
        family = socket.AF_INET6 if sys.argv[1] == '::1' else socket.AF_INET
        l = socket.socket(family); l.bind((sys.argv[1], 0)); l.listen(8)
        c = socket.socket(family); c.connect(l.getsockname()[:2])
        a, _ = l.accept()
        print('PORTS %d %d %d' % (l.getsockname()[1], c.getsockname()[1], a.fileno()), flush=True)
        for line in sys.stdin:
            try:
                data = a.recv(100)
                print('RESULT data %r' % data, flush=True)
            except OSError as e:
                print('RESULT %s' % errno.errorcode.get(e.errno, str(e.errno)), flush=True)
        """

    /// Starts the helper on `host` (`127.0.0.1` or `::1`) and waits for its connection.
    public init(host: String = "127.0.0.1") throws {
        peer = try PeerProcess.python(Self.script, arguments: [host])
        let line = try peer.waitForLine(prefix: "PORTS ", timeout: .seconds(20))
        let parts = line.split(separator: " ").compactMap { UInt16($0) }
        guard parts.count == 3 else { throw HarnessError("unexpected PORTS line \(line)") }
        listenPort = parts[0]
        clientPort = parts[1]
        acceptedFd = Int32(parts[2])
    }

    public var pid: Int32 { peer.pid }

    /// Asks the helper to recv on its accepted socket, and returns what it printed after
    /// `RESULT ` (`ECONNABORTED`, `data b'...'`).
    public func receiveOnAccepted() throws -> String {
        try peer.send("go\n")
        return try peer.waitForLine(prefix: "RESULT ", timeout: .seconds(20))
    }

    deinit {
        kill(peer.pid, SIGKILL)
    }
}
