import Testing
import TestSupport
@testable import Inspector

/// A peer that reads nothing until told: our send queue and its receive window fill, the send
/// blocks in write(2), and the session shows it as pending with the queues full while every
/// other command still answers. When the peer reads, the send completes with every byte.
@Suite("A peer that never reads")
struct FullWindowFaultTests {
    @Test func aBlockedSendIsPendingWithFullQueuesAndTheSessionStaysLive() async throws {
        let size = largestSend
        let (peer, port) = try ScriptedPeer.listening("""
        wait_for('drain')
        h = hashlib.sha256(); got = 0
        while got < int(sys.argv[2]):
            chunk = c.recv(1 << 20)
            if not chunk: break
            h.update(chunk); got += len(chunk)
        print('GOT', got, h.hexdigest(), flush=True)
        time.sleep(30)
        """, listenerSetup: "l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)", arguments: [String(size)])
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "set sndbuf 4k")
            let done = OutcomeWaiter()
            session.submit("send " + String(repeating: "B", count: size)) { done.set($0) }
            let full = await eventually(session) { snap in
                guard let s = snap.stream(1), s.pendingWrite?.op == "send" else { return false }
                return s.queues.unacked > 0 && s.queues.unsent > 0
            }
            #expect(full, "pending send with bytes unacknowledged and unsent")
            let first = try #require(session.snapshot().stream(1))
            await ok(session, "info")
            #expect(!done.isDone, "the send is still blocked")
            let queued = try #require(session.snapshot().stream(1)).queues
            #expect(queued.unacked + queued.unsent > 0 && queued.unacked + queued.unsent < size)
            #expect(first.sentTotals.total < UInt64(size), "not everything went")

            // Everything else answers at once while the send blocks.
            #expect(await ok(session, "get ttl").message.contains("ttl=64"))
            await ok(session, "set nodelay on")
            let listen = await ok(session, "listen 0")
            #expect(listen.message.hasPrefix("l1 "))
            await ok(session, "connect l1")
            await ok(session, "send hello")
            await ok(session, "s1: info")
            let close = await run(session, "s1: close")
            #expect(!close.ok && close.message.contains("send pending"), "\(close.message)")

            try peer.send("drain\n")
            let outcome = try #require(await done.wait(timeout: .seconds(30)), "the send completes once the peer reads")
            #expect(outcome.ok, "\(outcome.message)")
            let got = try await peer.line(after: "GOT ")
            #expect(got.hasPrefix("\(size) "), "every byte arrived: \(got)")
            #expect(session.snapshot().stream(1)?.pendingWrite == nil)
            #expect(session.snapshot().stream(1)?.sentTotals.total == UInt64(size))
        }
    }

    @Test func aWriteTimeoutEndsTheBlockedSendWithEAGAINAndACount() async throws {
        let (peer, port) = try ScriptedPeer.listening("wait_for('never')", listenerSetup: "l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)")
        await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "set write-timeout 300ms")
            await ok(session, "set sndbuf 4k")
            let size = largestSend
            let outcome = await run(session, "send " + String(repeating: "C", count: size))
            #expect(!outcome.ok)
            #expect(outcome.event?.errnoName == "EAGAIN", "\(outcome.message)")
            let sent = Int(outcome.event?.value ?? "") ?? -1
            #expect(sent > 0 && sent < size, "\(outcome.message)")
            #expect((outcome.event?.elapsed ?? .zero) >= .milliseconds(250))
            #expect(session.snapshot().stream(1)?.pendingWrite == nil)
            withExtendedLifetime(peer) {}
        }
    }
}
