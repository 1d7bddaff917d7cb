import Foundation
import Testing
import TestSupport
@testable import Inspector

/// `tcpscope run` with a line started in the background (`read &`, as in a shell): a read
/// blocked on the read side lets the next line's send through, and `cancel` ends it, taking
/// nothing, within 100 ms.
@Suite("Both sides and cancel, headless")
struct HeadlessSidesTests {
    /// The seconds column of the event line that contains `text`.
    static func time(of text: String, in output: String) -> Double? {
        output.split(separator: "\n").first { $0.contains(text) }
            .flatMap { Double($0.split(separator: " ").first ?? "") }
    }

    @Test func aReadInTheBackgroundLetsTheSendThroughAndGetsTheAnswer() async throws {
        let (peer, port) = try ScriptedPeer.pong()
        _ = peer
        let dir = try ScratchDirectory()
        let script = try dir.write("redis.tcps", #"""
        connect 127.0.0.1:\#(port)
        read &
        sleep 300ms
        send PING\r\n
        """#)
        let result = try await ToolRun.run(["run", "--timeout", "10s", script], timeout: .seconds(30))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let sent = try #require(Self.time(of: #"send "PING\r\n"  ok  6"#, in: result.stdout), "\(result.stdout)")
        #expect(sent >= 0.3, "the send ran after the sleep: \(result.stdout)")
        // The read was already waiting when the send went (it started, by its end time less its
        // elapsed time, before the send), and got the answer to it. (On a loaded machine the read
        // may start a few milliseconds after its line: its elapsed time alone says less.)
        let read = try #require(result.stdout.split(separator: "\n").first { $0.contains(#"read  ok  7  "+PONG\r\n""#) }, "\(result.stdout)")
        let elapsed = try #require(try read.split(separator: "(").last.map { try DurationText.parse(String($0.dropLast())) }, "\(read)")
        // Logged in the order it happened: the send before the answer it caused.
        let readAt = try #require(Self.time(of: #"read  ok  7  "+PONG\r\n""#, in: result.stdout))
        #expect(readAt >= sent, "\(result.stdout)")
        let readStarted = readAt - Double(elapsed.wholeMicroseconds) / 1e6
        #expect(readStarted < sent - 0.2, "the read waited through the sleep: \(result.stdout)")
    }

    @Test func cancelEndsTheBackgroundReadWithin100msAndItTakesNothing() async throws {
        let (peer, port) = try ScriptedPeer.pong()
        _ = peer
        let dir = try ScratchDirectory()
        let script = try dir.write("cancel.tcps", #"""
        connect 127.0.0.1:\#(port)
        try read &
        sleep 300ms
        cancel
        send PING\r\n
        wait bytes 7 timeout=10s
        peek
        expect text "+PONG\r\n"
        """#)
        let result = try await ToolRun.run(["run", "--timeout", "10s", script], timeout: .seconds(30))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let out = result.stdout
        let cancel = try #require(Self.time(of: "s1   cancel  ok  read", in: out), "\(out)")
        let ended = try #require(Self.time(of: "s1   read  cancelled after", in: out), "\(out)")
        #expect(ended - cancel < 0.1, "ended within 100 ms of the cancel: \(out)")
        #expect(out.contains("nothing was consumed"))
        #expect(out.contains("cancel.tcps:2: failed as allowed by try: s1 read: cancelled after"), "\(out)")
    }
}
