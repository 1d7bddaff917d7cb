import Testing
import TestSupport
@testable import Inspector

/// A peer that shuts down its sending side (FIN) while we write: a half-closed connection is
/// still open our way, so every byte we send arrives; and a peer that closes outright makes our
/// writes fail with an errno, not a signal.
@Suite("Peer half-closes while we write")
struct HalfCloseFaultTests {
    @Test func writesAfterThePeersFINStillArriveInFull() throws {
        let (peer, port) = try ScriptedPeer.listening("""
        c.shutdown(socket.SHUT_WR)
        h = hashlib.sha256(); got = 0
        while True:
            chunk = c.recv(1 << 16)
            if not chunk: break
            h.update(chunk); got += len(chunk)
        print('GOT', got, h.hexdigest(), flush=True)
        """)
        try withSession { session in
            ok(session, "connect 127.0.0.1:\(port)")
            #expect(eventually(session) { $0.stream(1)?.peerClosed == true }, "the FIN shows (fin)")
            // Sends while the FIN is in: 64 of the largest.
            let chunk = String(repeating: "z", count: largestSend)
            for _ in 0..<64 { ok(session, "send \(chunk)") }
            ok(session, "shutdown write")
            let line = try peer.waitForLine(prefix: "GOT ")
            #expect(line.hasPrefix("\(64 * largestSend) "), "every byte arrived: \(line)")
            #expect(session.snapshot().stream(1)?.sentTotals.total == UInt64(64 * largestSend))
            let read = ok(session, "read")
            #expect(read.message.contains("end of stream"))
            #expect(session.snapshot().stream(1)?.endOfStream == true)
            stillWorks(session)
        }
    }

    @Test func writesAfterThePeerClosedFailWithAnErrno() throws {
        let (peer, port) = try ScriptedPeer.listening("c.close(); print('CLOSED', flush=True); time.sleep(30)")
        try withSession { session in
            ok(session, "connect 127.0.0.1:\(port)")
            _ = try peer.waitForLine(prefix: "CLOSED")
            #expect(eventually(session) { $0.stream(1)?.peerClosed == true })
            // The first write goes out, and the peer's kernel answers it with RST.
            ok(session, "send ping")
            #expect(eventually(session) { $0.stream(1).map { $0.errorPending || $0.hangUp } == true }, "the RST shows")
            let failed = session.perform("send ping")
            #expect(!failed.ok)
            #expect(["EPIPE", "ECONNRESET"].contains(failed.event?.errnoName ?? ""), "\(failed.message)")
            #expect(failed.message.contains("sent 0 of 4 bytes"), "\(failed.message)")
            let again = session.perform("send ping")
            #expect(again.event?.errnoName == "EPIPE", "then EPIPE, never SIGPIPE: \(again.message)")
            stillWorks(session)
        }
    }
}
