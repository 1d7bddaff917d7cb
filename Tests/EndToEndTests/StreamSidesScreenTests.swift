import Foundation
import Testing
import TestSupport

/// On the screen: a read blocked on a quiet peer does not hold up a send (the Redis case:
/// `r`, then `s PING\r\n`, and the read completes with `+PONG`); the Streams pane says what runs
/// on each side; Esc cancels what is pending; and a connect that gets no answer is a listed,
/// selectable stream that `x` closes.
@Suite("Read and write sides on the screen")
struct StreamSidesScreenTests {

    static func row(_ screen: String, _ id: String) -> String? {
        screen.components(separatedBy: "\n").first { $0.contains("│ \(id) ") }
    }

    @Test func aBlockedReadLetsASendThroughAndGetsTheAnswer() async throws {
        let (peer, port) = try ScriptedPeer.pong()
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await tmux.sendKeys("r")
        try await tmux.waitUntil("the read side shows the blocked read") { Self.row($0, "s1")?.contains("r:read") ?? false }
        try await tmux.sendKeys("s")
        try await tmux.type(#"PING\r\n"#)
        try await tmux.sendKeys("Enter")
        let screen = try await tmux.waitFor(text: #"read  ok  7  "+PONG\r\n""#)
        #expect(screen.contains(#"send "PING\r\n"  ok  6"#), "the send went while the read waited")
        try await tmux.waitUntil("nothing pending") { Self.row($0, "s1").map { !$0.contains(" r:") && !$0.contains(" w:") } ?? false }
    }

    @Test func escCancelsABlockedReadAndTheStreamStaysUsable() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        wait_for('go')
        c.sendall(b'later')
        time.sleep(60)
        """)
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await tmux.sendKeys("r")
        try await tmux.waitUntil("the read is pending") { Self.row($0, "s1")?.contains("r:read") ?? false }
        try await tmux.sendKeys("Escape")
        // The Log pane may cut the line short; that nothing was consumed shows below.
        try await tmux.waitFor(text: "read  cancelled after")
        try await tmux.waitUntil("nothing pending") { Self.row($0, "s1").map { !$0.contains(" r:") } ?? false }
        // Usable afterwards, and the cancelled read took nothing.
        try peer.send("go\n")
        try await tmux.waitFor(text: "▼ peeked 5 (kernel: 5)")
        try await tmux.sendKeys("r")
        try await tmux.waitFor(text: #"read  ok  5  "later""#)
    }

    @Test func aConnectWithNoAnswerIsListedAndXClosesIt() async throws {
        let full = try FullAcceptQueue()
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope(""), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, full)) {} }
        try await tmux.waitFor(text: "Nothing open")
        try await ScreenEndToEndTests.command(tmux, "connect \(full.address)")
        let listed = try await tmux.waitUntil("listed as SYN_SENT") { screen in
            Self.row(screen, "s1").map { $0.contains("SYN_SENT") && $0.contains("connect ") } ?? false
        }
        #expect(listed.contains("Streams (1 stream, 0 listeners)"), "counted in the title")
        try await tmux.sendKeys("x")
        try await tmux.waitFor(text: "Close s1? y/n")
        try await tmux.sendKeys("y")
        // The close's outcome and the connect's own ending both say it; either may come last.
        let closed = try await tmux.waitFor(text: "the half-open socket is closed")
        #expect(closed.contains("s1   close  ok  while connecting"), "logged")
        #expect(closed.contains("closed before it conn"), "the connect's ending is logged")
        try await tmux.waitFor(text: "Streams (0 streams, 0 listeners)")
    }

    @Test func aHeadlessRunInATerminalEndsABlockedLine() async throws {
        let (peer, port) = try ScriptedPeer.pong()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-timeout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("quiet.tcps")
        try "connect 127.0.0.1:\(port)\nread\nnote never\n".write(to: script, atomically: true, encoding: .utf8)
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("run --timeout 700ms \(shellQuote(script.path))"),
                                         width: 160, height: 30)
        defer { withExtendedLifetime((tmux, peer)) {} }
        let screen = try await tmux.waitFor(text: "DONE 1")
        #expect(screen.contains("quiet.tcps:2: failed: `read` timed out after 700ms (--timeout): s1 read: cancelled after"), "\(screen)")
        #expect(!screen.contains("never"))
    }
}
