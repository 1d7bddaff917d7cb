import Foundation
import Testing
import TestSupport

/// Closed streams stay on screen with their bytes, and accepted connections are announced:
/// the real binary in tmux against python peers on loopback.
@Suite("Closed streams and accepts in tmux")
struct ClosedStreamScreenTests {
    /// A python peer: sends `greeting`, reads one segment (`GOT <hex>`), then closes with a
    /// FIN, or with an RST (SO_LINGER 0) when `reset`, and says `CLOSED`.
    static func peer(sending greeting: String, reset: Bool) throws -> PeerProcess {
        try PeerProcess.python("""
            import socket, struct, sys, time
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
            print('PORT', l.getsockname()[1], flush=True)
            c, _ = l.accept()
            c.sendall(sys.argv[1].encode())
            print('GOT', c.recv(100).hex(), flush=True)
            if \(reset ? "True" : "False"):
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            c.close()
            print('CLOSED', flush=True)
            time.sleep(30)
            """, arguments: [greeting])
    }

    /// A python client that connects to `port` and says `LOCAL <port>`, then waits.
    static func client(to port: UInt16) throws -> PeerProcess {
        try PeerProcess.python("""
            import socket, sys, time
            c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
            print('LOCAL', c.getsockname()[1], flush=True)
            time.sleep(30)
            """, arguments: [String(port)])
    }

    static func row(_ screen: String, _ id: String) -> String {
        screen.components(separatedBy: "\n").first { $0.hasPrefix("│ \(id) ") } ?? ""
    }

    /// Connects, reads 5 of the greeting, sends `ping`, and waits for the peer to close.
    static func start(reset: Bool) async throws -> (TmuxSession, PeerProcess) {
        let peer = try Self.peer(sending: "hello world", reset: reset)
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 160, height: 48)
        try await tmux.waitFor(text: "▼ peeked 11 (kernel: 11)")
        try await ScreenEndToEndTests.command(tmux, "read 5")
        try await tmux.waitFor(text: "▲ read 5 · read offset 5 · ▼ peeked 6")
        try await ScreenEndToEndTests.command(tmux, "send ping")
        #expect(try await peer.waitForLine(containing: "GOT ") == "GOT 70696e67")
        _ = try await peer.waitForLine(containing: "CLOSED")
        return (tmux, peer)
    }

    @Test func afterThePeersFinAndOurCloseTheStreamStaysWithItsBytes() async throws {
        let (tmux, peer) = try await Self.start(reset: false)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitUntil("the FIN is seen") { Self.row($0, "s1").contains("fin") }
        try await tmux.sendKeys("x")
        try await tmux.waitFor(text: "Close s1? y/n")
        try await tmux.sendKeys("y")
        let screen = try await tmux.waitUntil("s1 is listed closed") { Self.row($0, "s1").contains("CLOSED") }
        let row = Self.row(screen, "s1")
        #expect(row.contains("closed here after FIN from"), "how it ended, where the flags were: \(row)")
        #expect(screen.contains("Streams (0 streams, 1 closed, 0 listeners)"), "\(screen)")
        #expect(screen.contains("|hello|"), "what was read stays in the Data pane:\n\(screen)")
        #expect(screen.contains("|      world|"), "what was peeked stays:\n\(screen)")
        #expect(screen.contains("CLOSED: closed here after FIN from peer. Kept as captured until `forget s1`"), "\(screen)")
        #expect(screen.contains("Kernel s1 (last TCP_INFO)"), "the Kernel pane shows the last reading:\n\(screen)")
        #expect(screen.contains("CLOSE_WAIT"), "the state the kernel last reported:\n\(screen)")
        #expect(screen.contains("s1   close  ok"), "the Log records the close")
        // A command that needs the socket says the stream is closed, and nothing breaks.
        try await ScreenEndToEndTests.command(tmux, "send more")
        try await tmux.waitFor(text: "send: s1 is closed (closed here after FIN from peer)")
        try await tmux.sendKeys("d")
        try await tmux.waitFor(text: "|ping|")
        try await ScreenEndToEndTests.command(tmux, "forget s1")
        let after = try await tmux.waitFor(text: "Streams (0 streams, 0 listeners)")
        #expect(after.contains("forgot s1"))
        #expect(tmux.isAlive())
    }

    @Test func afterAResetTheClosedStreamSaysECONNRESETAndKeepsItsBytes() async throws {
        let (tmux, peer) = try await Self.start(reset: true)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitUntil("the reset is seen") { Self.row($0, "s1").contains("ERR") }
        try await tmux.sendKeys("x")
        try await tmux.waitFor(text: "Close s1? y/n")
        try await tmux.sendKeys("y")
        let screen = try await tmux.waitUntil("s1 is listed closed") { Self.row($0, "s1").contains("CLOSED") }
        #expect(Self.row(screen, "s1").contains("ECONNRESET"), "\(Self.row(screen, "s1"))")
        #expect(screen.contains("closed s1 (the connection had ended: ECONNRESET)"), "the status line:\n\(screen)")
        #expect(screen.contains("|hello|"), "what was read stays:\n\(screen)")
        #expect(screen.contains("CLOSED    ECONNRESET"), "the Kernel pane's first line:\n\(screen)")
        let styled = try await tmux.capture(escapes: true)
        let dimRow = styled.components(separatedBy: "\n").first { $0.contains("s1") && $0.contains("CLOSED") } ?? ""
        #expect(dimRow.contains("\u{1B}["), "the row is drawn with attributes: \(dimRow.debugDescription)")
        try await tmux.sendKeys("x")
        try await tmux.waitFor(text: "s1 is already closed (ECONNRESET); :forget s1 takes it off the list")
        #expect(tmux.isAlive())
    }

    @Test func forgetClosedAndTheKeptNumberBoundTheList() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("listen 0 --keep-closed 2"), width: 160, height: 48)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "LISTEN")
        for n in 1...3 {
            try await ScreenEndToEndTests.command(tmux, "connect l1")
            try await tmux.waitFor(text: "Streams (\(2 * n) streams, 1 listener)")
        }
        for n in 1...4 {
            try await ScreenEndToEndTests.command(tmux, "s\(n): close")
            try await tmux.waitUntil("s\(n) closed") { $0.contains("closed s\(n)") }
        }
        let screen = try await tmux.waitFor(text: "Streams (2 streams, 2 closed, 1 listener)")
        #expect(Self.row(screen, "s1").isEmpty && Self.row(screen, "s2").isEmpty, "the oldest closed were forgotten:\n\(screen)")
        #expect(Self.row(screen, "s3").contains("CLOSED") && Self.row(screen, "s4").contains("CLOSED"), "\(screen)")
        #expect(Self.row(screen, "s5").contains("ESTABLISHED"))
        try await ScreenEndToEndTests.command(tmux, "forget closed")
        let after = try await tmux.waitFor(text: "Streams (2 streams, 1 listener)")
        #expect(after.contains("forgot 2 closed streams: s3, s4"))
        #expect(Self.row(after, "s3").isEmpty && Self.row(after, "s5").contains("ESTABLISHED"))
    }

    @Test func anAcceptIsAnnouncedAndTheKeyJumpsToIt() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("listen 0"), width: 160, height: 48)
        defer { withExtendedLifetime(tmux) {} }
        let screen = try await tmux.waitFor(text: "LISTEN")
        let listenerRow = Self.row(screen, "l1")
        let port = try #require(listenerRow.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") }
            .flatMap { UInt16($0.dropFirst("127.0.0.1:".count)) }, "\(listenerRow)")
        var clients: [PeerProcess] = []
        defer { withExtendedLifetime(clients) {} }
        for n in 1...2 {
            let client = try Self.client(to: port)
            clients.append(client)
            let local = try await client.waitForLine(containing: "LOCAL ").dropFirst("LOCAL ".count)
            let said = try await tmux.waitFor(text: "l1 accepted s\(n) from 127.0.0.1:\(local) (a jumps to it)")
            #expect(!said.contains(" tcpscope  s\(n) "), "the selection stays where it was until asked")
            try await tmux.sendKeys("a")
            try await tmux.waitUntil("s\(n) is selected") { $0.hasPrefix(" tcpscope  s\(n) 127.0.0.1:\(port) ") }
        }
    }
}
