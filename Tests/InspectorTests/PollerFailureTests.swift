import Glibc
import Synchronization
import Testing
import TestSupport
@testable import Inspector
import TcpModel

/// The poller's system calls fail loudly: an epoll_ctl the kernel refuses is returned with
/// the call and errno, and an epoll_wait that fails for good stops the loop with one report
/// instead of retrying at full speed forever.
@Suite("Poller failures")
struct PollerFailureTests {
    @Test func aRefusedRegistrationNamesTheCallAndErrno() throws {
        let poller = Poller()
        #expect(poller.setupFailure == nil)
        // epoll cannot watch a regular file: EPERM.
        let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        let added = poller.add(fd, key: 7, .stream)
        #expect(added?.errnoName == "EPERM" && added?.call == "epoll_ctl(ADD)", "\(String(describing: added))")
        // Never registered: changing or removing it fails with ENOENT, and says so.
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        let other = ends[0]
        let changed = poller.rearm(other, key: 7, .stream)
        #expect(changed?.errnoName == "ENOENT" && changed?.call == "epoll_ctl(MOD)", "\(String(describing: changed))")
        let removed = poller.remove(other)
        #expect(removed?.errnoName == "ENOENT" && removed?.call == "epoll_ctl(DEL)", "\(String(describing: removed))")
    }

    @Test func aFailingEpollWaitIsReportedOnceAndTheLoopStops() async throws {
        let poller = Poller()
        #expect(poller.setupFailure == nil)
        let failures = Locked<[SocketError]>([])
        let ticks = Atomic<Int>(0)
        poller.start(onReady: { _ in }, onTick: { ticks.add(1, ordering: .relaxed); return nil },
                     onFailure: { error in failures.withLock { $0.append(error) } })
        // Put /dev/null where the epoll descriptor was (same number, still the poller's to
        // close): the wait in progress goes on with the old instance until the poke wakes it,
        // and the next epoll_wait fails with EINVAL.
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        try #require(null >= 0)
        try #require(dup2(null, poller.epollDescriptor) == poller.epollDescriptor)
        close(null)
        poller.poke()
        let reported = try await poll(timeout: .seconds(10), interval: .milliseconds(5)) {
            failures.withLock { $0.isEmpty ? nil : $0 }
        }
        let first = try #require(reported?.first, "the failure was reported")
        #expect(first.errnoName == "EINVAL" && first.call == "epoll_wait", "\(first)")
        // Stopped, not spinning: over a quarter second the loop runs no more turns (a retry
        // loop would run hundreds of thousands).
        let after = ticks.load(ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(250))
        #expect(ticks.load(ordering: .relaxed) == after, "the loop stopped")
        #expect(failures.withLock { $0.count } == 1, "reported once")
    }
}
