import Glibc
import Testing
import TestSupport
@testable import Inspector

/// A stream's read side and write side are independent: a read blocked on a quiet peer never
/// holds up a send, and the snapshot shows what runs on each side. Every pending call can be
/// cancelled, within 100 ms, and leaves the stream usable: a cancelled read or peek takes
/// nothing, a cancelled send says how much went.
@Suite("Read and write sides, and cancel")
struct StreamSidesTests {

    @Test func aBlockedReadDoesNotHoldUpASendAndCompletesWithTheAnswer() async throws {
        let (peer, port) = try ScriptedPeer.pong()
        _ = peer
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            let read = OutcomeWaiter()
            session.submit("read") { read.set($0) }
            #expect(await eventually(session) { $0.stream(1)?.pending?.op == "read" }, "the read blocks on the read side")
            let begin = ContinuousClock.now
            let sending = OutcomeWaiter()
            session.submit(#"send PING\r\n"#) { sending.set($0) }
            // Held up, the send would wait for the read, which waits for the send's answer: it
            // would never complete. (No tighter bound: a busy machine delays this test's threads.)
            let send = try #require(await sending.wait(timeout: .seconds(60)), "the send is not held up by the read")
            _ = begin
            #expect(send.message.contains("sent 6 bytes"), "\(send.message)")
            let outcome = try #require(await read.wait(timeout: .seconds(10)), "the read completes with the answer")
            #expect(outcome.ok, "\(outcome.message)")
            #expect(outcome.event?.bytes == Array("+PONG\r\n".utf8))
            let snap = try #require(session.snapshot().stream(1))
            #expect(snap.pending == nil && snap.pendingWrite == nil, "nothing is left pending")
        }
    }

    @Test func bothSidesShowWhatRunsOnThem() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        wait_for('end')
        """, listenerSetup: "l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "set sndbuf 4k")
            let read = OutcomeWaiter(), send = OutcomeWaiter()
            session.submit("read") { read.set($0) }
            session.submit("send " + String(repeating: "B", count: largestSend)) { send.set($0) }
            let both = await eventually(session) { snap in
                snap.stream(1)?.pending?.op == "read" && snap.stream(1)?.pendingWrite?.op == "send"
            }
            #expect(both, "the read side shows the read and the write side the send")
            #expect(session.snapshot().pendingCount == 2)
            // One cancel ends both, each logged as cancelled with its time.
            let cancel = await ok(session, "cancel")
            let r = try #require(await read.wait(timeout: .seconds(5)))
            let s = try #require(await send.wait(timeout: .seconds(5)))
            let at = try #require(cancel.event?.time)
            #expect(try #require(r.event?.time) - at < .milliseconds(100), "the read ended at once")
            #expect(try #require(s.event?.time) - at < .milliseconds(100), "the send ended at once")
            #expect(!r.ok && r.message.contains("cancelled after") && r.message.contains("nothing was consumed"), "\(r.message)")
            #expect(!s.ok && s.message.contains("cancelled after") && s.message.contains("of \(largestSend) bytes"), "\(s.message)")
            let went = try #require(s.event?.value.flatMap { Int($0) })
            #expect(went > 0 && went < largestSend, "the cancelled send says how many bytes went: \(s.message)")
            #expect(session.snapshot().stream(1)?.sentTotals.total == UInt64(went))
            #expect(session.snapshot().pendingCount == 0)
            // Usable afterwards.
            await ok(session, "info")
            try peer.send("end\n")
        }
    }

    @Test func aBlockedSendDoesNotHoldUpARead() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        wait_for('go')
        c.sendall(b'hi')
        wait_for('end')
        """, listenerSetup: "l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "set sndbuf 4k")
            let send = OutcomeWaiter()
            session.submit("send " + String(repeating: "B", count: largestSend)) { send.set($0) }
            #expect(await eventually(session) { $0.stream(1)?.pendingWrite?.op == "send" }, "the send blocks on the write side")
            try peer.send("go\n")
            let reading = OutcomeWaiter()
            session.submit("read") { reading.set($0) }
            let read = try #require(await reading.wait(timeout: .seconds(10)), "the read is not held up by the send")
            #expect(read.event?.bytes == Array("hi".utf8), "the read went past the blocked send")
            #expect(!send.isDone, "the send is still blocked")
            await ok(session, "cancel")
            let sent = try #require(await send.wait(timeout: .seconds(5)))
            #expect(!sent.ok && sent.message.contains("cancelled after"), "\(sent.message)")
            try peer.send("end\n")
        }
    }

    @Test func cancelEndsABlockedReadWithin100msAndTakesNothing() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        wait_for('go')
        c.sendall(b'hello')
        wait_for('end')
        """)
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            for call in ["read", "peek", "wait readable timeout=30s"] {
                let waiter = OutcomeWaiter()
                session.submit(call) { waiter.set($0) }
                #expect(await eventually(session) { $0.stream(1)?.readSide != nil }, "\(call) is pending")
                let cancel = await ok(session, "cancel")
                let outcome = try #require(await waiter.wait(timeout: .seconds(5)))
                // Measured by the session's own clock, not this test's (which a busy machine delays).
                let took = try #require(outcome.event?.time) - (try #require(cancel.event?.time))
                #expect(took < .milliseconds(100), "\(call) ended \(took) after the cancel")
                #expect(!outcome.ok && outcome.message.contains("cancelled after"), "\(outcome.message)")
                #expect(outcome.event?.error?.hasPrefix("cancelled after") == true)
            }
            // Nothing was taken: every byte the peer sends next is read.
            try peer.send("go\n")
            await ok(session, "wait bytes 5 timeout=10s")
            let read = await ok(session, "read")
            #expect(read.event?.bytes == Array("hello".utf8))
            try peer.send("end\n")
        }
    }

    @Test func callsQueuedBehindACancelledOneAreCancelledToo() async throws {
        let (peer, port) = try ScriptedPeer.listening("wait_for('end')")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            let first = OutcomeWaiter(), second = OutcomeWaiter()
            session.submit("read") { first.set($0) }
            session.submit("peek") { second.set($0) }
            #expect(await eventually(session) { $0.stream(1)?.pending?.op == "read" })
            await ok(session, "cancel")
            let a = try #require(await first.wait(timeout: .seconds(5)))
            let b = try #require(await second.wait(timeout: .seconds(5)))
            #expect(a.message.contains("cancelled after"), "\(a.message)")
            #expect(b.message.contains("cancelled after") && b.message.contains("before it started"), "\(b.message)")
            // A call after the cancel runs as usual.
            await ok(session, "set nonblocking on")
            let now = await run(session, "read")
            #expect(now.event?.errnoName == "EAGAIN", "\(now.message)")
            try peer.send("end\n")
        }
    }
}
