import Testing
import TestSupport
@testable import Inspector

/// A clone shares its socket: when one of the two reads, the other's view of the receive
/// queue (bytes waiting, the peek window) is the kernel's again before the read is answered.
@Suite("Clones see each other's reads")
struct CloneViewTests {
    @Test func aReadOnTheOriginalEmptiesTheClonesView() async throws {
        await withSession { session in
            await ok(session, "listen 127.0.0.1:0")
            await ok(session, "connect l1")
            await ok(session, "s1: send hello")
            await ok(session, "s2: wait bytes 5")
            await ok(session, "s2: clone")
            #expect(await eventually(session) { $0.stream(3)?.peeked.count == 5 && $0.stream(3)?.queues.toRead == 5 },
                    "the clone sees the 5 bytes waiting")
            await ok(session, "s2: read 5")
            let clone = session.snapshot().stream(3)
            #expect(clone?.queues.toRead == 0, "nothing waits any more: \(clone?.queues.toRead ?? -1)")
            #expect(clone?.peeked.isEmpty == true, "the clone shows no bytes peeked: \(clone?.peeked.count ?? -1)")
            let waited = await fails(session, "s3: wait readable timeout=300ms")
            #expect(waited.contains("timed out"), "\(waited)")
            // And the other way round: a read on the clone refreshes the original.
            await ok(session, "s1: send world")
            #expect(await eventually(session) { $0.stream(2)?.queues.toRead == 5 && $0.stream(3)?.queues.toRead == 5 })
            await ok(session, "s3: read 5")
            let original = session.snapshot().stream(2)
            #expect(original?.queues.toRead == 0 && original?.peeked.isEmpty == true,
                    "\(original?.queues.toRead ?? -1) waiting, \(original?.peeked.count ?? -1) peeked")
        }
    }
}
