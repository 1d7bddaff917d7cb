import Foundation
import Glibc
import Synchronization
import Testing
@testable import Inspector

@Suite("Wake signal")
struct WakeSignalTests {
    /// A writer changes a counter and signals, as fast as it can; a reader that sleeps in poll
    /// and acknowledges before reading must always see the last value. A lost wake-up leaves the
    /// reader asleep with a stale value, which the deadline turns into a failure.
    @Test func noChangeIsEverMissed() {
        let wake = WakeSignal()
        let counter = Atomic<Int>(0)
        let total = 5_000
        let writer = Thread {
            for i in 1...total {
                counter.store(i, ordering: .releasing)
                wake.signal()
                // Give the reader a turn, so it acknowledges thousands of times mid-stream.
                sched_yield()
            }
        }
        writer.start()
        var seen = 0
        let clock = ContinuousClock()
        // The writer's pace is the machine's: on a busy one it can take minutes, so the only
        // deadline that means a lost wake-up is poll's own, long enough to outlast a stall.
        let deadline = clock.now + .seconds(300)
        while seen < total, clock.now < deadline {
            var pfd = pollfd(fd: wake.descriptor, events: Int16(POLLIN), revents: 0)
            // A reader with nothing new must be woken; a long wait exposes a lost wake-up.
            guard poll(&pfd, 1, 10_000) > 0 else { break }
            wake.acknowledge()
            seen = counter.load(ordering: .acquiring)
        }
        #expect(seen == total, "the reader stopped hearing about changes at \(seen)")
    }
}
