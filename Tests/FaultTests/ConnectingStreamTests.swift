import Foundation
import Testing
import TcpModel
import TestSupport
@testable import Inspector

/// A connect that gets no answer (its SYNs dropped by a full accept queue) is a stream from the
/// start: listed as SYN_SENT, counted, selectable; `close` and `cancel` end it at once and close
/// its half-open socket; `tcpscope run --timeout` ends it as a line that took too long.
@Suite("A stream still connecting")
struct ConnectingStreamTests {
    @Test(arguments: ["close", "cancel"])
    func aConnectInProgressIsListedAndEndsOnRequest(ending: String) async throws {
        let full = try FullAcceptQueue()
        try await withSession { session in
            let done = OutcomeWaiter()
            session.submit("connect \(full.address)") { done.set($0) }
            #expect(await eventually(session) { $0.stream(1)?.info?.state == .synSent }, "listed with the kernel's state")
            let snap = session.snapshot()
            #expect(snap.streamOrder == [StreamID(1)], "counted among the streams")
            #expect(snap.selected == .stream(StreamID(1)), "selected")
            #expect(snap.stream(1)?.stateName == "SYN_SENT")
            let local = try #require(snap.stream(1)?.local?.port, "the half-open socket's own address is shown")
            #expect(halfOpenSockets(from: local, to: full.address.port) == 1)
            await ok(session, "listen 0")
            await ok(session, "select s1")
            // Selected, its TCP_INFO follows the kernel: the SYN is resent after about a second.
            #expect(await eventually(session, timeout: .seconds(15)) { ($0.stream(1)?.info?.retransmits ?? 0) > 0 },
                    "the SYN's retransmission shows")
            let refused = await run(session, "read")
            #expect(!refused.ok && refused.message.contains("still connecting"), "\(refused.message)")

            let ended = await ok(session, ending)
            #expect(ended.message.contains(ending == "close" ? "closed s1 while it was connecting" : "cancelled the connect of s1"), "\(ended.message)")
            let outcome = try #require(await done.wait(timeout: .seconds(5)))
            // Measured by the session's own clock, not this test's (which a busy machine delays).
            let took = try #require(outcome.event?.time) - (try #require(ended.event?.time))
            #expect(took < .milliseconds(500), "\(ending) ended the connect at once, not after \(took)")
            #expect(!outcome.ok && outcome.message.contains("the half-open socket is closed"), "\(outcome.message)")
            #expect(outcome.message.contains(ending == "close" ? "closed before it connected" : "cancelled after"))
            #expect(session.snapshot().streamOrder.isEmpty && session.snapshot().connecting.isEmpty)
            #expect(await within(.seconds(5)) { halfOpenSockets(from: local, to: full.address.port) == 0 }, "the SYN_SENT socket is gone")
            // The session goes on: the next connect works.
            await ok(session, "connect l1")
        }
    }

    @Test func aHeadlessRunEndsAConnectThatNeverAnswers() async throws {
        let full = try FullAcceptQueue()
        let dir = try ScratchDirectory()
        let script = try dir.write("connect.tcps", "note start\ntry connect \(full.address)\nlisten 0\nconnect l1\nconnect \(full.address)\nnote never\n")
        let begin = ContinuousClock.now
        let result = try await ToolRun.run(["run", "--timeout", "700ms", script], timeout: .seconds(90))
        // No line hung: ToolRun's own 90 s limit, under the kernel's give-up (127 s), would fail
        // the test. (No wall-clock bound here: the test's own threads are what a busy machine delays.)
        _ = begin
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("connect.tcps:2: failed as allowed by try: `try connect \(full.address)` timed out after 700ms (--timeout)"), "\(result.stdout)")
        #expect(result.stdout.contains("s1   connect \(full.address)  cancelled after"), "\(result.stdout)")
        #expect(result.stdout.contains("the half-open socket is closed"))
        #expect(result.stdout.contains("connect.tcps:5: failed: `connect \(full.address)` timed out after 700ms"), "\(result.stdout)")
        #expect(!result.stdout.contains("never"), "the run stopped at the line that timed out")
    }
}

/// Sockets in SYN_SENT from loopback port `local` to loopback port `port`.
func halfOpenSockets(from local: UInt16, to port: UInt16) -> Int {
    // Read to the end: /proc files say they are empty, and a sized read stops at the first page.
    guard let data = FileHandle(forReadingAtPath: "/proc/net/tcp")?.readDataToEndOfFile(),
          let table = String(data: data, encoding: .utf8) else { return -1 }
    let here = String(format: "0100007F:%04X", local)
    let remote = String(format: "0100007F:%04X", port)
    return table.split(separator: "\n").filter { line in
        let fields = line.split(separator: " ")
        return fields.count > 3 && fields[1] == here && fields[2] == remote && fields[3] == "02"
    }.count
}
