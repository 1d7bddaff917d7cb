import Testing
import TestSupport
@testable import Inspector

/// A peer that resets (RST, from a close with SO_LINGER 0) while we read or write: the call
/// that meets the reset fails with its errno, nothing hangs, and the session carries on.
@Suite("Peer resets mid-read and mid-write")
struct PeerResetFaultTests {
    @Test func aBlockedReadFailsWithECONNRESET() async throws {
        let (peer, port) = try ScriptedPeer.listening("wait_for('reset'); abort(c); time.sleep(30)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            let done = OutcomeWaiter()
            session.submit("read 100") { done.set($0) }
            #expect(await eventually(session) { $0.stream(1)?.pending?.op == "read" }, "the read blocks first")
            try peer.send("reset\n")
            let read = try #require(await done.wait(timeout: .seconds(10)), "the blocked read came back")
            #expect(!read.ok)
            #expect(read.event?.errnoName == "ECONNRESET", "\(read.message)")
            #expect(session.snapshot().stream(1)?.pending == nil, "nothing is left pending")
            await stillWorks(session)
        }
    }

    @Test func aResetWithDataUnreadIsReportedNotSwallowed() async throws {
        // The poller peeks the queue while the data waits; the reset must still reach `read`
        // (a recv would take it even with MSG_PEEK), not turn into a quiet end of stream.
        let (peer, port) = try ScriptedPeer.listening("c.sendall(b'partial'); wait_for('reset'); abort(c); time.sleep(30)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            #expect(await eventually(session) { $0.stream(1)?.peeked == Array("partial".utf8) })
            try peer.send("reset\n")
            #expect(await eventually(session) { $0.stream(1)?.errorPending == true }, "the reset shows as ERR")
            var errors: [String] = []
            // Linux may hand out the queued bytes before the error or drop them with the reset;
            // either way the reset itself must be reported, within a few reads.
            for _ in 0..<4 {
                let outcome = await run(session, "read 100")
                if let name = outcome.event?.errnoName { errors.append(name) }
                if !outcome.ok || outcome.event?.bytes?.isEmpty == true { break }
            }
            #expect(errors == ["ECONNRESET"], "\(errors)")
            await stillWorks(session)
        }
    }

    @Test func aResetWhileFollowingTurnsFollowOffAndKeepsWhatArrived() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        c.sendall(b'x' * 300000)
        wait_for('reset'); abort(c); time.sleep(30)
        """)
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "follow on")
            #expect(await eventually(session) { $0.stream(1)?.receivedTotals.total == 300_000 })
            try peer.send("reset\n")
            #expect(await eventually(session) { $0.stream(1)?.follow == false }, "follow ends at the reset")
            let snap = try #require(session.snapshot().stream(1))
            #expect(snap.receivedTotals.total == 300_000, "what arrived before the reset is kept")
            #expect(snap.lastError?.contains("ECONNRESET") == true, "\(snap.lastError ?? "no error")")
            let logged = session.allEvents.contains { $0.op == "follow" && $0.errnoName == "ECONNRESET" }
            #expect(logged, "the Log says why follow stopped")
            await stillWorks(session)
        }
    }

    @Test func aResetDuringABlockedSendSaysHowMuchWent() async throws {
        // Tiny buffers both ways, and a peer that reads 16 KiB before resetting: our sends
        // block in write(2) and one of them is blocked when the RST comes.
        let (peer, port) = try ScriptedPeer.listening("""
        got = 0
        while got < 16384:
            got += len(c.recv(4096))
        print('READ', got, flush=True)
        abort(c); time.sleep(30)
        """, listenerSetup: "l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "set sndbuf 4k")
            var failure: Outcome?
            var total = 0
            for _ in 0..<20 where failure == nil {
                let outcome = await run(session, "send " + String(repeating: "A", count: largestSend))
                if outcome.ok { total += largestSend } else { failure = outcome }
            }
            _ = try await peer.line(after: "READ ")
            let outcome = try #require(failure, "a send met the reset")
            #expect(["ECONNRESET", "EPIPE"].contains(outcome.event?.errnoName ?? ""), "\(outcome.message)")
            let sent = Int(outcome.event?.value ?? "") ?? -1
            #expect(sent >= 0 && sent < largestSend, "\(outcome.message)")
            #expect(outcome.message.contains("sent \(sent) of \(largestSend) bytes, then"), "\(outcome.message)")
            #expect(session.snapshot().stream(1)?.sentTotals.total == UInt64(total + sent), "the Sent view holds exactly what went")
            // The next send on the dead connection fails at once, with an errno, not a signal.
            let again = await run(session, "send more")
            #expect(!again.ok && again.event?.errnoName == "EPIPE", "\(again.message)")
            await stillWorks(session)
        }
    }
}

/// After a fault on s1, the session still answers: options, kernel info, a new connection.
func stillWorks(_ session: Session, sourceLocation: SourceLocation = #_sourceLocation) async {
    await ok(session, "s1: get ttl", sourceLocation: sourceLocation)
    await ok(session, "s1: info", sourceLocation: sourceLocation)
    let listen = await ok(session, "listen 0", sourceLocation: sourceLocation)
    let listener = listen.message.prefix { $0 != " " }
    let connect = await ok(session, "connect \(listener)", sourceLocation: sourceLocation)
    let id = connect.message.prefix { $0 != " " }
    await ok(session, "\(id): send still-alive", sourceLocation: sourceLocation)
    await ok(session, "s1: close", sourceLocation: sourceLocation)
}
