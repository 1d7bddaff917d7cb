import Testing
import TestSupport
@testable import Inspector

/// Peeking never consumes: after ten thousand peeks the kernel still counts every byte as
/// waiting (SIOCINQ), and a read then returns exactly what was sent.
@Suite("Peek never consumes")
struct PeekFaultTests {
    static let peeks = 10_000

    @Test func tenThousandPeeksLeaveTheKernelsQueueUnchanged() async throws {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let hex = payload.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "s2: send hex:\(hex)")
            // A peek that found nothing would block: bound it.
            await ok(session, "set read-timeout 2s")
            await ok(session, "wait bytes 1000")
            await ok(session, "info")
            let before = session.snapshot().stream(1)?.queues.toRead
            #expect(before == 1000)
            var failures = 0
            for n in 0..<Self.peeks {
                // Alternate sizes: all of it, a part, one byte.
                let outcome = await run(session, ["peek", "peek 10", "peek 1"][n % 3])
                if !outcome.ok || outcome.event?.bytes?.first != payload.first { failures += 1 }
            }
            #expect(failures == 0)
            await ok(session, "info")
            #expect(session.snapshot().stream(1)?.queues.toRead == before, "SIOCINQ is what it was")
            #expect(session.snapshot().stream(1)?.receivedTotals.total == 0, "nothing counts as read")
            let read = await ok(session, "read 2000")
            #expect(read.event?.bytes == payload, "the bytes are all there, in order")
            await ok(session, "info")
            #expect(session.snapshot().stream(1)?.queues.toRead == 0)
        }
    }
}
