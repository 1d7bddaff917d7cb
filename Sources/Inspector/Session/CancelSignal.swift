import CSocket
import Glibc
import Synchronization
import TcpModel

/// Ends a blocking call on one side of a stream (its reads or its sends, or a connect) from
/// another thread, without touching the socket: `shutdown` would change what the peer sees.
///
/// A call notes `mark` when it is submitted; `cancel()` moves the mark on, so the call (and
/// every call submitted before it, queued or running) sees that it was cancelled. A call that
/// may block waits in poll(2) on its socket beside this signal's eventfd, which `cancel()`
/// makes readable, so it ends within a few milliseconds. The eventfd is made at the first
/// wait, not per stream, so idle streams cost no descriptor; when none can be had (EMFILE),
/// the wait polls in 50 ms slices instead and still ends within 100 ms.
final class CancelSignal: Sendable {
    enum WaitEnd: Sendable {
        case ready
        case timedOut
        case cancelled
        case failed(Int32)
    }

    private let epoch = Atomic<UInt64>(0)
    /// -2: not made yet; -1: could not be made.
    private let descriptor = Locked<Int32>(-2)

    /// Where cancelling stands now; a call keeps it from when it was submitted.
    var mark: UInt64 { epoch.load(ordering: .acquiring) }

    func isCancelled(since mark: UInt64) -> Bool {
        epoch.load(ordering: .acquiring) != mark
    }

    /// Cancels every call submitted so far.
    func cancel() {
        // The mark moves before the eventfd is written: a waiter that drained the eventfd and
        // then found the old mark is still in (or about to enter) poll, and this write wakes it.
        epoch.add(1, ordering: .acquiringAndReleasing)
        let fd = descriptor.withLock { $0 }
        if fd >= 0 {
            var one: UInt64 = 1
            _ = Glibc.write(fd, &one, MemoryLayout<UInt64>.size)
        }
    }

    /// Waits until `fd` reports one of `events` (errors and hang-ups always count), `deadline`
    /// passes, or a cancel since `mark`. One waiter at a time per signal: each side's calls run
    /// one after another.
    func wait(for fd: Int32, events: Int16, until deadline: ContinuousClock.Instant?, since mark: UInt64) -> WaitEnd {
        let clock = ContinuousClock()
        let cancelFD = eventDescriptor()
        if cancelFD >= 0 { drain(cancelFD) }
        var fds = [pollfd(fd: fd, events: events, revents: 0), pollfd(fd: cancelFD, events: Int16(POLLIN), revents: 0)]
        while true {
            if isCancelled(since: mark) { return .cancelled }
            var timeout: Int32 = -1
            if let deadline {
                let left = deadline - clock.now
                if left <= .zero { return .timedOut }
                timeout = left.pollMilliseconds
            }
            if cancelFD < 0 { timeout = timeout < 0 ? 50 : min(timeout, 50) }
            fds[0].revents = 0
            fds[1].revents = 0
            let n = poll(&fds, cancelFD >= 0 ? 2 : 1, timeout)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                return .failed(code)
            }
            // A cancel that came with the data wins: a cancelled read takes nothing.
            if isCancelled(since: mark) { return .cancelled }
            if fds[0].revents != 0 { return .ready }
            if cancelFD >= 0, fds[1].revents != 0 { drain(cancelFD) }  // an old cancel's write
        }
    }

    private func eventDescriptor() -> Int32 {
        descriptor.withLock { fd in
            if fd == -2 { fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
            if fd < 0 { fd = -1 }
            return fd
        }
    }

    private func drain(_ fd: Int32) {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, MemoryLayout<UInt64>.size)
    }

    deinit {
        let fd = descriptor.withLock { $0 }
        if fd >= 0 { _ = Glibc.close(fd) }
    }
}
