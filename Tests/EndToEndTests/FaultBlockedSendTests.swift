import Foundation
import Testing
import TestSupport

/// A peer that never reads, on the screen: the send queue and the peer's window fill, the
/// Streams pane shows the send pending with its time, the Kernel pane shows the bytes
/// unacknowledged and unsent, and the rest of the screen keeps answering. When the peer reads,
/// the send completes.
@Suite("A blocked write on the screen")
struct BlockedSendFaultTests {
    @Test func theQueuesFillTheSendIsPendingAndTheScreenStaysLive() async throws {
        let size = 60_000
        let (peer, port) = try ScriptedPeer.listening("""
        wait_for('drain')
        got = 0
        while got < int(sys.argv[2]):
            chunk = c.recv(1 << 16)
            if not chunk: break
            got += len(chunk)
        print('GOT', got, flush=True)
        time.sleep(60)
        """, listenerSetup: "l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)", arguments: [String(size)])
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await ScreenEndToEndTests.command(tmux, "set sndbuf 4k")
        try await tmux.waitFor(text: "set sndbuf 4096  ok")
        try await tmux.sendKeys(":")
        try await tmux.paste("send " + String(repeating: "B", count: size))
        try await tmux.sendKeys("Enter")
        let blocked = try await tmux.waitUntil("the send is pending with full queues") { screen in
            guard let row = screen.components(separatedBy: "\n").first(where: { $0.contains("│ s1 ") }),
                  row.range(of: #"send \d+(\.\d+)?(ms|s)"#, options: .regularExpression) != nil else { return false }
            return screen.range(of: #"unacked [1-9][0-9,.]* ?[KM]?i?B  unsent [1-9]"#, options: .regularExpression) != nil
        }
        #expect(blocked.contains("PENDING"))
        // The screen answers while the write blocks.
        try await ScreenEndToEndTests.command(tmux, "get ttl")
        try await tmux.waitFor(text: "ttl=64")
        try await ScreenEndToEndTests.command(tmux, "close")
        try await tmux.waitFor(text: "send pending")
        try peer.send("drain\n")
        #expect(try await peer.waitForLine(containing: "GOT ") == "GOT \(size)")
        try await tmux.waitFor(text: "s1 sent 60000 bytes")
        try await tmux.waitUntil("nothing pending") { screen in
            screen.components(separatedBy: "\n").first { $0.contains("│ s1 ") }.map { !$0.contains("send ") } ?? false
        }
    }
}
