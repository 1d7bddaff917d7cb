import Glibc
import Testing
import TcpModel
import TestSupport
@testable import Inspector

@Suite("Session")
struct SessionTests {
    @Test func peekedBytesAreNotConsumedUntilRead() throws {
        let (peer, port) = try pythonPeer("""
        c.sendall(b'hello world')
        print('SENT', flush=True)
        c.recv(1)
        """)
        let session = Session()
        defer { session.shutdown() }
        ok(session, "connect 127.0.0.1:\(port)")
        _ = try peer.waitForLine(prefix: "SENT")
        #expect(eventually(session) { $0.stream(1)?.peeked == Array("hello world".utf8) })
        let before = try #require(session.snapshot().stream(1))
        #expect(before.queues.toRead == 11, "peeking consumed nothing")
        #expect(before.receivedTotals.total == 0)
        #expect(before.peekOffset == 0)

        let read = ok(session, "read 5")
        #expect(read.event?.bytes == Array("hello".utf8))
        let after = try #require(session.snapshot().stream(1))
        #expect(after.receivedTotals.total == 5)
        #expect(after.received.bytes(in: 0..<5).bytes == Array("hello".utf8))
        #expect(after.peekOffset == 5)
        #expect(after.peeked == Array(" world".utf8))
        #expect(after.queues.toRead == 6)
        ok(session, #"expect text "hello""#)
        fails(session, #"expect text "nope""#)
    }

    @Test func bothEndsInOneSession() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        let connect = ok(session, "connect l1")
        #expect(connect.message.hasPrefix("s1 connected"))
        let snap = session.snapshot()
        #expect(snap.streamOrder == [StreamID(1), StreamID(2)], "connect waits for its own accept")
        let client = try #require(snap.stream(1))
        let server = try #require(snap.stream(2))
        #expect(server.origin == .accepted(from: ListenerID(1)))
        #expect(snap.partner(of: client)?.id == StreamID(2))
        #expect(snap.listeners[ListenerID(1)]?.accepted == 1)
        #expect(snap.selected == .stream(StreamID(1)))

        ok(session, #"send "ping\r\n""#)
        #expect(eventually(session) { $0.stream(2)?.peeked == Array("ping\r\n".utf8) })
        #expect(session.snapshot().stream(1)?.sentTotals.total == 6)
        ok(session, "s2: read")
        ok(session, #"expect hex 70 69 6e 67 0d 0a"#)
        #expect(session.snapshot().selected == .stream(StreamID(1)), "a prefix does not change the selection")
    }

    @Test func blockingReadHoldsUpOnlyItsOwnStream() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        ok(session, "connect l1")
        ok(session, "connect l1")
        ok(session, "select s1")
        ok(session, "set read-timeout 300ms")
        let done = OutcomeBoxForTest()
        let clock = ContinuousClock()
        let start = clock.now
        session.submit("read 10") { done.set($0) }
        #expect(eventually(session) { $0.stream(1)?.pending?.op == "read" }, "shown as pending while it blocks")
        // Another stream answers while s1 is blocked.
        let other = ok(session, "s3: send x")
        #expect(clock.now - start < .milliseconds(300), "s2 was not held up: \(other.message)")
        let outcome = done.wait()
        #expect(!outcome.ok)
        #expect(outcome.event?.errnoName == "EAGAIN")
        #expect(clock.now - start >= .milliseconds(300))
        #expect(session.snapshot().stream(1)?.pending == nil)
    }

    @Test func optionsShowWhatTheKernelReports() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        ok(session, "connect l1")
        #expect(ok(session, "set nodelay on").event?.value == "on")
        #expect(ok(session, "set ttl 7").event?.value == "7")
        #expect(ok(session, "set linger 0s").event?.value == "0s")
        let kernel = try KernelTimeout.readBack(.milliseconds(250))
        #expect(ok(session, "set read-timeout 250ms").event?.value == DurationText.format(kernel),
                "what the kernel keeps (whole ticks: 252ms at 250 Hz, 250ms at 1000 Hz)")
        #expect(ok(session, "set rcvbuf 10000").event?.value == "20000", "the kernel doubles it")
        #expect(ok(session, "set keepalive on").event?.value == "on")
        #expect(ok(session, "set keepalive-idle 30s").event?.value == "30s")
        let snap = try #require(session.snapshot().stream(1))
        #expect(snap.options[.ttl] == .value(.count(7)))
        #expect(snap.options[.nodelay] == .value(.flag(true)))
        #expect(snap.options[.linger] == .value(.duration(.zero)))
        let refused = session.perform("set keepalive-count 200")
        #expect(!refused.ok)
        #expect(refused.message.contains("out of range"))
        #expect(refused.event == nil, "refused before any call")
    }

    @Test func nonblockingReadWithNothingQueuedIsEAGAINAtOnce() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        ok(session, "connect l1")
        ok(session, "set nonblocking on")
        let read = fails(session, "read")
        #expect(read.contains("EAGAIN"))
    }

    @Test func shutdownWriteGivesThePeerEndOfStream() throws {
        let (peer, port) = try pythonPeer("""
        data = b''
        while True:
            chunk = c.recv(100)
            if not chunk: break
            data += chunk
        print('EOF', data.decode(), flush=True)
        c.sendall(b'still here')
        """)
        let session = Session()
        defer { session.shutdown() }
        ok(session, "connect 127.0.0.1:\(port)")
        ok(session, "send bye")
        ok(session, "shutdown write")
        #expect(try peer.waitForLine(prefix: "EOF ") == "bye")
        #expect(eventually(session) { $0.stream(1)?.peeked == Array("still here".utf8) }, "half-closed: the peer still answers")
        #expect(session.snapshot().stream(1)?.shutWrite == true)
        let again = fails(session, "send more")
        #expect(again.contains("EPIPE"))
    }

    @Test func cloneSharesTheSocket() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        ok(session, "connect l1")
        let clone = ok(session, "clone")
        #expect(clone.message.contains("s3"))
        let snap = session.snapshot()
        #expect(snap.stream(3)?.origin == .clone(of: StreamID(1)))
        #expect(snap.stream(3)?.socketKey == snap.stream(1)?.socketKey)
        ok(session, "set nodelay on")
        #expect(eventually(session) { $0.stream(3)?.options[.nodelay] == .value(.flag(true)) })
        ok(session, "close")
        ok(session, "s3: send via-clone")
        #expect(eventually(session) { $0.stream(2)?.peeked == Array("via-clone".utf8) })
        #expect(session.snapshot().stream(1)?.closed?.how == "closed here", "closing s1 leaves its clone's socket open")
    }

    @Test func followKeepsEveryByte() throws {
        let (peerProcess, port) = try pythonPeer("""
        import hashlib
        data = bytes((i * 7 + 3) % 256 for i in range(3_000_000))
        c.sendall(data)
        c.close()
        """)
        let session = Session()
        defer { session.shutdown() }
        ok(session, "connect 127.0.0.1:\(port)")
        ok(session, "follow on")
        ok(session, "wait closed timeout=20s")
        let snap = try #require(session.snapshot().stream(1))
        withExtendedLifetime(peerProcess) {}
        #expect(snap.receivedTotals.total == 3_000_000)
        #expect(snap.receivedTotals.dropped == 3_000_000 - UInt64(session.configuration.captureBound))
        let tail = snap.received.tail(1000)
        let expected = (2_999_000..<3_000_000).map { UInt8(($0 * 7 + 3) % 256) }
        #expect(tail.bytes == expected)
    }

    @Test func acceptedConnectionsComeFromTheListener() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 127.0.0.1:0")
        let port = try #require(session.snapshot().listeners[ListenerID(1)]?.local?.port)
        let peer = try PeerProcess(["socat", "-u", "EXEC:printf from-socat", "TCP:127.0.0.1:\(port)"])
        let accepted = ok(session, "wait accepted timeout=10s")
        #expect(accepted.message.contains("s1"))
        #expect(session.snapshot().selected == .stream(StreamID(1)))
        ok(session, "wait closed")
        ok(session, "read")
        ok(session, #"expect text "from-socat""#)
        _ = peer.exitStatus()
    }

    @Test func mistakesNameWhatIsWrong() throws {
        let session = Session()
        defer { session.shutdown() }
        #expect(fails(session, "read").contains("nothing is selected"))
        #expect(fails(session, "select s4").contains("s4 is not open"))
        let refused = try closedPortNumber()
        let connect = session.perform("connect 127.0.0.1:\(refused)")
        #expect(connect.message.contains("ECONNREFUSED (Connection refused) in connect to 127.0.0.1:\(refused)"))
        #expect(connect.event?.errnoName == "ECONNREFUSED")
        ok(session, "listen 0")
        ok(session, "connect l1")
        #expect(session.snapshot().streamOrder == [StreamID(1), StreamID(2)], "the failed connect gave its id back")
        #expect(fails(session, "l1: read").contains("is a listener"))
        let taken = session.snapshot().listeners[ListenerID(1)]?.local?.port ?? 1
        #expect(fails(session, "listen 0.0.0.0:\(taken)").contains("EADDRINUSE"))
        #expect(fails(session, "frobnicate").contains("unknown command"))
    }

    @Test func connectTimesOutAgainstAFullQueue() throws {
        let session = Session()
        defer { session.shutdown() }
        let full = try FullAcceptQueue()
        let outcome = session.perform("connect \(full.address) timeout=300ms")
        #expect(!outcome.ok)
        #expect(outcome.message.contains("timed out"))
        #expect(outcome.event?.elapsed ?? .zero >= .milliseconds(300))
    }

    @Test func twoHundredStreamsAtOnce() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        for _ in 0..<100 { ok(session, "connect l1") }
        #expect(eventually(session, timeout: .seconds(20)) { $0.streamOrder.count == 200 })
        let snap = session.snapshot()
        #expect(snap.listeners[ListenerID(1)]?.accepted == 100)
        // Every client can talk to its server, each on its own queue.
        ok(session, "s199: send last")
        #expect(eventually(session) { $0.stream(200)?.peeked == Array("last".utf8) })
        for n in stride(from: 1, through: 200, by: 1) { ok(session, "s\(n): close") }
        let closed = session.snapshot()
        #expect(closed.openStreamCount == 0)
        #expect(closed.closedOrder.map(\.number) == Array(101...200), "the last 100 closed stay listed")
    }
}

func closedPortNumber() throws -> UInt16 {
    try closedLoopbackPort().port
}

final class OutcomeBoxForTest: Sendable {
    private let box = OutcomeBox()
    func set(_ o: Outcome) { box.set(o) }
    func wait() -> Outcome { box.wait() }
}
