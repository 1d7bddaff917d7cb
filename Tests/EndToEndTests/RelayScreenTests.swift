import Foundation
import Testing
import TestSupport

/// `tcpscope relay` on the screen: a client and an echo upstream appear as a joined pair
/// (`cl:s2` and `up:s1`), and `hold on` keeps what the client sends waiting in the kernel.
@Suite("Relay on the screen")
struct RelayScreenTests {
    static func row(_ screen: String, _ id: String) -> String? {
        screen.components(separatedBy: "\n").first { $0.contains("│ \(id) ") }
    }

    @Test func aRelayedPairIsShownJoinedAndHoldKeepsBytesQueued() async throws {
        let upstream = try PeerProcess.python("""
        import socket
        l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
        print('PORT', l.getsockname()[1], flush=True)
        c, _ = l.accept()
        while True:
            d = c.recv(65536)
            if not d: break
            c.sendall(d)
        """)
        let upstreamPort = try await upstream.waitForPort()
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("relay 0 127.0.0.1:\(upstreamPort)"), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, upstream)) {} }
        let listening = try await tmux.waitUntil("the relay listens") { Self.row($0, "l1")?.contains("relay>127.0.0.1:\(upstreamPort)") ?? false }
        let listenRow = try #require(Self.row(listening, "l1"))
        let port = try #require(listenRow.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") }
            .flatMap { UInt16($0.split(separator: ":").last ?? "") })
        let client = try PeerProcess.python("""
        import socket, sys
        c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
        c.sendall(b'ping\\n')
        print('ECHO', c.recv(100), flush=True)
        sys.stdin.readline()
        c.sendall(b'held\\n')
        print('ECHO', c.recv(100), flush=True)
        sys.stdin.readline()
        """, arguments: [String(port)])
        _ = try await client.waitForLine(containing: "ECHO b'ping\\n'")
        let pair = try await tmux.waitUntil("the pair is listed joined") { screen in
            (Self.row(screen, "s1")?.contains("cl:s2") ?? false) && (Self.row(screen, "s2")?.contains("up:s1") ?? false)
        }
        #expect(pair.contains("s2   join s1  ok"), "the join is logged")
        // `h` holds the selected joined stream, and `h` again lets it go.
        try await ScreenEndToEndTests.command(tmux, "select s1")
        try await tmux.waitFor(text: "selected s1")
        try await tmux.sendKeys("h")
        try await tmux.waitUntil("s1 shows held") { Self.row($0, "s1")?.contains("cl:s2 hold") ?? false }
        try client.send("go\n")
        // The five bytes wait in s1's kernel queue (WAIT 5), and the client gets no echo.
        try await tmux.waitUntil("the held bytes wait in the kernel") { screen in
            Self.row(screen, "s1").map { $0.contains(" 5    5    5 ") || $0.contains("5    5    5") } ?? false
        }
        #expect(!client.stdout.contains("held"), "nothing was forwarded while held")
        try await tmux.sendKeys("h")
        _ = try await client.waitForLine(containing: "ECHO b'held\\n'")
        try client.send("end\n")
    }
}
