import Testing
import TestSupport
@testable import Inspector

/// `tcpscope run --timeout DUR` bounds every line: a line still running then is cancelled
/// (a cancelled read takes nothing), and fails with its line number and the command, so a run
/// against a quiet peer ends instead of hanging.
@Suite("tcpscope run --timeout")
struct RunTimeoutTests {
    @Test func aBlockedLineFailsWithItsNumberAndACancelledReadTakesNothing() async throws {
        let (peer, port) = try ScriptedPeer.pong()
        _ = peer
        let dir = try ScratchDirectory()
        let script = try dir.write("pong.tcps", #"""
        connect 127.0.0.1:\#(port)
        try read
        try peek
        send PING\r\n
        wait bytes 7 timeout=10s
        peek
        expect text "+PONG\r\n"
        read
        expect text "+PONG\r\n"
        read
        note never
        """#)
        let begin = ContinuousClock.now
        let result = try await ToolRun.run(["run", "--timeout", "500ms", script], timeout: .seconds(90))
        // No line hung: a hung line would never end, and ToolRun's own 90 s limit would fail the
        // test. (No wall-clock bound here: the test's own threads are what a busy machine delays.)
        _ = begin
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("pong.tcps:2: failed as allowed by try: `try read` timed out after 500ms (--timeout): s1 read: cancelled after"), "\(out)")
        #expect(out.contains("pong.tcps:3: failed as allowed by try: `try peek` timed out after 500ms"), "\(out)")
        #expect(out.contains("s1   read  cancelled after") && out.contains("nothing was consumed"), "logged as cancelled: \(out)")
        // Both expects held: the cancelled read took nothing.
        #expect(!out.contains("pong.tcps:7:") && !out.contains("pong.tcps:9:"), "\(out)")
        #expect(out.contains("pong.tcps:10: failed: `read` timed out after 500ms (--timeout): s1 read: cancelled after"), "\(out)")
        #expect(!out.contains("never"))
    }

    @Test func aBadTimeoutIsRefusedBeforeAnythingRuns() async throws {
        let result = try await ToolRun.run(["run", "--timeout", "soon", "-"], stdin: "listen 0\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("soon"), "\(result.stderr)")
    }
}
