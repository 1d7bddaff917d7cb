import Testing
import TestSupport

/// A peer that disappears without a FIN or an RST: tcpscope in one network namespace, a python
/// peer in another, joined by a veth pair the test takes down under the live connection.
/// Keepalive (1s idle, 1s interval, 2 probes) ends the idle connection with ETIMEDOUT; with
/// data in flight, read and write timeouts end the calls with EAGAIN while the retransmissions
/// show in TCP_INFO.
@Suite("A peer that vanishes (network namespaces)", .enabled(if: NamespacePair.isAvailable, Comment(rawValue: NamespacePair.unavailableReason)))
struct VanishedPeerFaultTests {
    /// Starts the peer in the server namespace and the checkpoint peer beside tcpscope; the
    /// script connects to both, exchanges a line, and stops at checkpoint 1 for the cut.
    static func start(_ pair: NamespacePair, then rest: String) throws -> (tool: PeerProcess, checkpoints: ScriptCheckpoints, peer: PeerProcess) {
        let (peer, port) = try ScriptedPeer.listening("c.recv(100); c.sendall(b'ok\\n'); time.sleep(120)",
                                          host: NamespacePair.serverAddress, prefix: ["ip", "netns", "exec", pair.server])
        let checkpoints = try ScriptCheckpoints(prefix: ["ip", "netns", "exec", pair.client])
        let script = checkpoints.connectLine + """
            connect \(NamespacePair.serverAddress):\(port) timeout=5s
            s2: send "hello\\n"
            s2: wait bytes 3
            s2: read
            s2: expect text "ok\\n"

            """ + ScriptCheckpoints.lines(1) + rest
        let tool = try ToolRun.start(["run", "-"], prefix: pair.inClient([]), stdin: script)
        return (tool, checkpoints, peer)
    }

    /// Script lines that let keepalive end s2 (1s idle, 1s interval, 2 probes), wait for it,
    /// and take the error with a read.
    static let keepaliveTimesOut = """
        s2: set keepalive-interval 1s
        s2: set keepalive-count 2
        s2: set keepalive-idle 1s
        s2: set keepalive on
        s2: wait closed timeout=30s
        try s2: read
        """

    @Test func keepaliveEndsAnIdleConnectionWithETIMEDOUT() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let (tool, checkpoints, peer) = try Self.start(pair, then: """
            \(Self.keepaliveTimesOut)
            expect error ETIMEDOUT
            s2: info

            """)
        try await checkpoints.reached(1)
        try pair.cutLink()
        try checkpoints.release()
        let status = await tool.exited(within: .seconds(40))
        #expect(status == 0, "the script saw ETIMEDOUT: \(tool.stdout.suffix(3000))\(tool.stderr)")
        #expect(tool.stdout.contains("read  ETIMEDOUT (Connection timed out)"), "\(tool.stdout.suffix(2000))")
        // The peer did not close: the kernel timed the connection out, and the wait says so.
        let wait = tool.stdout.split(separator: "\n").first { $0.contains("wait closed") } ?? ""
        #expect(wait.contains("timed out (ETIMEDOUT pending)"), "the wait saw the time-out: \(wait)")
        #expect(!wait.contains("peer closed"), "\(wait)")
        withExtendedLifetime(peer) {}
    }

    @Test func timeoutsEndCallsWhileDataIsInFlightAndRetransmissionsShow() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let bulk = String(repeating: "D", count: largestSend)
        let (tool, checkpoints, peer) = try Self.start(pair, then: """
            s2: set read-timeout 1s
            try s2: read
            expect error EAGAIN
            s2: send "in flight\\n"
            sleep 1500ms
            s2: info
            s2: set write-timeout 1s
            s2: set sndbuf 4k
            try s2: send \(bulk)
            expect error EAGAIN
            s2: get

            """)
        try await checkpoints.reached(1)
        try pair.cutLink()
        try checkpoints.release()
        #expect(await tool.exited(within: .seconds(30)) == 0, "\(tool.stdout.suffix(3000))\(tool.stderr)")
        let out = tool.stdout
        let info = out.split(separator: "\n").last { $0.contains(" info ") || $0.contains("  info  ") }.map(String.init) ?? ""
        #expect(info.contains("unacked=1"), "the line in flight is unacknowledged: \(info)")
        // retrans=N/M: N timer-driven retransmissions of the segment so far. (M, the total sent,
        // stays 0: with the link down they are dropped before they leave the host.)
        let retrans = info.range(of: #"retrans=\d+"#, options: .regularExpression).map { info[$0].dropFirst(8) }
        #expect((retrans.flatMap { Int($0) } ?? 0) > 0, "it was retransmitted into the void: \(info)")
        #expect(out.range(of: #"sent \d+ of 60000 bytes, then EAGAIN"#, options: .regularExpression) != nil,
                "the bulk send says how much went: \(out.suffix(500))")
        withExtendedLifetime(peer) {}
    }
}
