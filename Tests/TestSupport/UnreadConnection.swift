import Foundation

/// A python3 process holding a loopback connection whose accepted socket has 100 bytes
/// (0...99) unread: the socket a test attaches to. It prints `READY FD PORT` once the bytes wait;
/// lines on its stdin make it act on that socket and answer with a line of its own word:
/// `read` (recv until 100 bytes: `READ N True|False`), `nodelay` (its own getsockopt:
/// `NODELAY 0|1`), `peekoff` (sets SO_PEEK_OFF to 0: `PEEKOFF 0`), `offset` (SO_PEEK_OFF now:
/// `OFFSET N`), `send` (one byte: `SEND ok` or `SEND ERRNONAME`), `close` (`CLOSE done`). Each is
/// asked once.
public final class UnreadConnection {
    public let peer: PeerProcess
    /// The accepted socket's descriptor in the helper.
    public let fd: Int32
    /// The listener's port: the accepted socket's local port.
    public let listenPort: UInt16

    static let script = """
        import errno, socket, sys
        l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(8)
        c = socket.socket(); c.connect(l.getsockname())
        a, _ = l.accept()
        c.sendall(bytes(range(100)))
        print('READY %d %d' % (a.fileno(), l.getsockname()[1]), flush=True)
        for line in sys.stdin:
            cmd = line.strip()
            if cmd == 'read':
                got = b''
                a.settimeout(10)
                while len(got) < 100:
                    d = a.recv(100 - len(got))
                    if not d: break
                    got += d
                print('READ %d %s' % (len(got), got == bytes(range(100))), flush=True)
            elif cmd == 'nodelay':
                print('NODELAY %d' % a.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY), flush=True)
            elif cmd == 'peekoff':
                a.setsockopt(socket.SOL_SOCKET, 42, 0)
                print('PEEKOFF %d' % a.getsockopt(socket.SOL_SOCKET, 42), flush=True)
            elif cmd == 'offset':
                print('OFFSET %d' % a.getsockopt(socket.SOL_SOCKET, 42), flush=True)
            elif cmd == 'send':
                try:
                    a.send(b'x'); print('SEND ok', flush=True)
                except OSError as e:
                    print('SEND %s' % errno.errorcode.get(e.errno, e.errno), flush=True)
            elif cmd == 'close':
                a.close()
                print('CLOSE done', flush=True)
        """

    public init() throws {
        peer = try PeerProcess.python(Self.script)
        let line = try peer.waitForLine(prefix: "READY ", timeout: .seconds(20))
        let parts = line.split(separator: " ")
        guard parts.count == 2, let fd = Int32(parts[0]), let port = UInt16(parts[1]) else {
            throw HarnessError("unexpected READY line \(line)")
        }
        self.fd = fd
        listenPort = port
    }

    public var pid: Int32 { peer.pid }

    /// Sends `command` and returns what the helper printed after its upper-cased word.
    public func ask(_ command: String) throws -> String {
        try peer.send(command + "\n")
        return try peer.waitForLine(prefix: command.uppercased() + " ", timeout: .seconds(20))
    }

    deinit {
        kill(peer.pid, SIGKILL)
    }
}
