import Testing
import TestSupport
@testable import Inspector

/// Many calls blocked at once (reads with no data, waits with long timeouts, connects that get
/// no answer), as a person can start them one after another: the session still answers
/// everything else at once. (Before the fix, 150 blocked waits held a `get` up for 115 s, 100 for 95 s.)
@Suite("Many blocked calls at once")
struct BlockedCallsFaultTests {
    @Test func dozensOfBlockedReadsWaitsAndConnectsHoldUpNothingElse() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            // Enough to starve Dispatch's global pool; few enough to leave the rest of the test
            // process (which shares Dispatch's thread limit) threads to run on.
            let pairs = 30
            for _ in 0..<pairs { await ok(session, "connect l1") }
            var waiters: [OutcomeWaiter] = []
            for n in stride(from: 1, through: 2 * pairs, by: 2) {
                let read = OutcomeWaiter(), wait = OutcomeWaiter()
                session.submit("s\(n): read") { read.set($0) }
                session.submit("s\(n + 1): wait readable timeout=60s") { wait.set($0) }
                waiters += [read, wait]
            }
            #expect(await eventually(session, timeout: .seconds(20)) { snap in
                stride(from: 1, through: 2 * pairs, by: 2).allSatisfy { snap.stream($0)?.pending?.op == "read" }
            }, "every read is blocked")
            let full = try? FullAcceptQueue()
            let connects = (0..<10).map { _ in OutcomeWaiter() }
            for connect in connects { session.submit("connect \(full?.address.description ?? "") timeout=30s") { connect.set($0) } }
            let clock = ContinuousClock()
            let start = clock.now
            await ok(session, "s1: get ttl")
            await ok(session, "s2: set nodelay on")
            await ok(session, "listen 0")
            await ok(session, "connect l2")
            #expect(clock.now - start < .seconds(10), "answered at once, not after a blocked call: \(clock.now - start)")
            // Wake them all: a byte each way wakes every reader and every wait.
            for n in stride(from: 1, through: 2 * pairs, by: 2) { await ok(session, "s\(n + 1): send x") }
            for n in stride(from: 1, through: 2 * pairs, by: 2) { await ok(session, "s\(n): send y") }
            var finished = true
            for waiter in waiters where await waiter.wait(timeout: .seconds(20)) == nil { finished = false }
            #expect(finished, "every blocked call finished once woken")
            #expect(connects.allSatisfy { !$0.isDone }, "the connects are still trying")
            withExtendedLifetime(full) {}
        }
    }
}
