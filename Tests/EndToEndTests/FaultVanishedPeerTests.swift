import Foundation
import Testing
import TestSupport

/// A peer that vanishes, on the screen: tcpscope in one network namespace, the peer in another,
/// the veth link between them taken down under an idle connection with keepalive set to 1s,
/// 1s, 2 probes. The Streams pane shows the error (ERR, the socket CLOSE) within seconds, and
/// `e` takes it: ETIMEDOUT.
@Suite("A vanished peer on the screen", .enabled(if: NamespacePair.isAvailable, Comment(rawValue: NamespacePair.unavailableReason)))
struct VanishedPeerScreenFaultTests {
    @Test func keepaliveShowsTheDeadConnectionAndErrorTakesETIMEDOUT() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let (tmux, peer) = try await Self.connectAcross(pair)
        defer { withExtendedLifetime((tmux, peer)) {} }
        // The timings first: once keepalive is on, a probe sent before the interval is set is
        // rescheduled with the default interval (75 s), and a later TCP_KEEPINTVL does not
        // move it.
        for line in ["set keepalive-interval 1s", "set keepalive-count 2", "set keepalive-idle 1s", "set keepalive on"] {
            try await ScreenEndToEndTests.command(tmux, line)
        }
        try await tmux.waitFor(text: "set keepalive on  ok")
        try pair.cutLink()
        let dead = try await tmux.waitUntil("the Streams pane shows the error", timeout: .seconds(60)) { screen in
            screen.components(separatedBy: "\n").contains { $0.contains("│ s1 ") && $0.contains("ERR") }
        }
        #expect(dead.contains("s1   CLOSE "), "the socket is closed by the kernel")
        // The peer did not close: the Data pane says the connection timed out, not that a FIN came.
        let timedOut = try await tmux.waitFor(text: "the connection timed out: ETIMEDOUT is pending")
        #expect(!timedOut.contains("the peer closed its side"), "\(timedOut)")
        try await tmux.sendKeys("e")
        try await tmux.waitFor(text: "ETIMEDOUT")
        #expect(tmux.isAlive())
    }

    /// The help's promise for keepalive-idle: while the peer is gone, the Kernel pane's probes
    /// row (TCP_INFO's tcpi_probes) counts the probes not yet answered.
    @Test func theKernelPaneCountsUnansweredProbes() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let (tmux, peer) = try await Self.connectAcross(pair)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "probes    0 unanswered")
        // Idle for longer than the session's quiet period (3 s), so nothing the poller sees
        // keeps the Kernel pane refreshing: only keepalive's own timer changes the socket from
        // here on. This pause is the condition under test, not a wait for one.
        try await Task.sleep(for: .seconds(4))
        // Many probes, 1 s apart, so the count is seen rising well before the connection ends.
        for line in ["set keepalive-interval 1s", "set keepalive-count 30", "set keepalive-idle 1s", "set keepalive on"] {
            try await ScreenEndToEndTests.command(tmux, line)
        }
        try await tmux.waitFor(text: "set keepalive on  ok")
        try pair.cutLink()
        let counted = try await tmux.waitUntil("the probes row counts unanswered probes", timeout: .seconds(30)) { screen in
            screen.components(separatedBy: "\n").contains { line in
                guard let range = line.range(of: "probes    ") else { return false }
                let count = line[range.upperBound...].prefix { $0.isNumber }
                return (Int(count) ?? 0) >= 2
            }
        }
        #expect(counted.contains("backoff"))
    }

    /// tcpscope in the client namespace, connected to a silent peer in the server namespace, on
    /// a 160x50 screen showing the connection ESTABLISHED.
    static func connectAcross(_ pair: NamespacePair) async throws -> (TmuxSession, PeerProcess) {
        let (peer, port) = try ScriptedPeer.listening("time.sleep(120)", host: NamespacePair.serverAddress,
                                                      prefix: ["ip", "netns", "exec", pair.server])
        let command = "ip netns exec \(pair.client) " + (try ScreenEndToEndTests.tcpscope("connect \(NamespacePair.serverAddress):\(port)"))
        let tmux = try await TmuxSession(command: command, width: 160, height: 50)
        try await tmux.waitFor(text: "ESTABLISHED")
        return (tmux, peer)
    }
}
