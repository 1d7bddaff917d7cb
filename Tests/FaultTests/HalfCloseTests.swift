import Testing
import TestSupport
@testable import Inspector

/// A peer that shuts down its sending side (FIN) while we write: a half-closed connection is
/// still open our way, so every byte we send arrives; and a peer that closes outright makes our
/// writes fail with an errno, not a signal.
@Suite("Peer half-closes while we write")
struct HalfCloseFaultTests {
    @Test func writesAfterThePeersFINStillArriveInFull() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        c.shutdown(socket.SHUT_WR)
        h = hashlib.sha256(); got = 0
        while True:
            chunk = c.recv(1 << 16)
            if not chunk: break
            h.update(chunk); got += len(chunk)
        print('GOT', got, h.hexdigest(), flush=True)
        """)
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            #expect(await eventually(session) { $0.stream(1)?.peerClosed == true }, "the FIN shows (fin)")
            // Sends while the FIN is in: 64 of the largest.
            let chunk = String(repeating: "z", count: largestSend)
            for _ in 0..<64 { await ok(session, "send \(chunk)") }
            await ok(session, "shutdown write")
            let line = try await peer.line(after: "GOT ")
            #expect(line.hasPrefix("\(64 * largestSend) "), "every byte arrived: \(line)")
            #expect(session.snapshot().stream(1)?.sentTotals.total == UInt64(64 * largestSend))
            let read = await ok(session, "read")
            #expect(read.message.contains("end of stream"))
            #expect(session.snapshot().stream(1)?.endOfStream == true)
            await stillWorks(session)
        }
    }

    @Test func writesAfterThePeerClosedFailWithAnErrno() async throws {
        let (peer, port) = try ScriptedPeer.listening("c.close(); print('CLOSED', flush=True); time.sleep(30)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            _ = try await peer.line(after: "CLOSED")
            #expect(await eventually(session) { $0.stream(1)?.peerClosed == true })
            // The first write goes out, and the peer's kernel answers it with RST.
            await ok(session, "send ping")
            #expect(await eventually(session) { $0.stream(1).map { $0.errorPending || $0.hangUp } == true }, "the RST shows")
            let failed = await run(session, "send ping")
            #expect(!failed.ok)
            #expect(["EPIPE", "ECONNRESET"].contains(failed.event?.errnoName ?? ""), "\(failed.message)")
            #expect(failed.message.contains("sent 0 of 4 bytes"), "\(failed.message)")
            let again = await run(session, "send ping")
            #expect(again.event?.errnoName == "EPIPE", "then EPIPE, never SIGPIPE: \(again.message)")
            await stillWorks(session)
        }
    }
}
