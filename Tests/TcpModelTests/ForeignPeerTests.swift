import Foundation
import Testing
import TcpModel
import TestSupport

/// The same calls against peers this project did not write: python3 and socat.
@Suite("Against python3 and socat")
struct ForeignPeerTests {
    static let pythonServer = """
    import socket, sys
    family = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
    l = socket.socket(family); l.bind((sys.argv[1], 0)); l.listen()
    print('PORT', l.getsockname()[1], flush=True)
    c, _ = l.accept()
    c.sendall(b'hello from python\\n')
    data = b''
    while not data.endswith(b'\\n'):
        chunk = c.recv(100)
        if not chunk: break
        data += chunk
    c.sendall(b'echo:' + data)
    c.shutdown(socket.SHUT_WR)
    print('GOT', data.decode().strip(), flush=True)
    rest = c.recv(100)
    print('EOF' if rest == b'' else 'MORE', flush=True)
    """

    @Test("python3 peer", arguments: ["127.0.0.1", "::1"])
    func python(host: String) throws {
        let peer = try PeerProcess.python(Self.pythonServer, arguments: [host])
        let port = try peer.port()
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let stream = try TcpStream.connect(address)
        try stream.setReadTimeout(.seconds(10))
        try waitUntil { try stream.pendingReadBytes() == 18 }
        #expect(try stream.peek(maxLength: 100) == Array("hello from python\n".utf8))
        #expect(try stream.read(maxLength: 100) == Array("hello from python\n".utf8))
        try stream.writeAll(Array("ping\n".utf8))
        #expect(try stream.readToEnd() == Array("echo:ping\n".utf8), "the peer half-closed after answering")
        #expect(try peer.waitForLine(prefix: "GOT ") == "ping")
        try stream.shutdown(.write)
        #expect(try peer.waitForLine(prefix: "EOF").isEmpty)
    }

    @Test func socatEchoPeer() throws {
        // A port free a moment ago, for socat to listen on (closedPort keeps its port bound).
        let port = try TcpListener.bind("127.0.0.1:0").localAddr().port
        let peer = try PeerProcess(["socat", "TCP4-LISTEN:\(port),bind=127.0.0.1,reuseaddr", "PIPE"])
        var stream: TcpStream?
        waitUntil(timeout: .seconds(10)) {
            stream = try? TcpStream.connect("127.0.0.1:\(port)")
            return stream != nil
        }
        let s = try #require(stream)
        try s.setReadTimeout(.seconds(10))
        try s.setNodelay(true)
        try s.writeAll(Array("round trip through socat".utf8))
        #expect(try s.readExact(count: 24) == Array("round trip through socat".utf8))
        try s.shutdown(.write)
        #expect(try s.readToEnd().isEmpty)
        _ = peer.exitStatus()
    }

    @Test func socatClientConnectsToOurListener() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        let port = try listener.localAddr().port
        let peer = try PeerProcess(["socat", "-u", "EXEC:printf from-socat", "TCP:127.0.0.1:\(port)"])
        // Accept with a deadline: a socat that never connects fails the test instead of
        // blocking the whole suite in accept(2).
        try listener.setNonblocking(true)
        var accepted: (TcpStream, SocketAddress)?
        waitUntil(timeout: .seconds(20)) {
            accepted = try? listener.accept()
            return accepted != nil
        }
        let (stream, from) = try #require(accepted, "socat connected within 20 s")
        try stream.setNonblocking(false)
        try stream.setReadTimeout(.seconds(10))
        #expect(from.isIPv4)
        #expect(try stream.readToString() == "from-socat")
        _ = peer.exitStatus()
    }
}
