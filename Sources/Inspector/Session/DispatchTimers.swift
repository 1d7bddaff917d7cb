import Dispatch
import Synchronization

/// Dispatch opens the descriptors behind its timers (an epoll instance, an eventfd and a
/// timerfd) the first time a timer is armed, and crashes the process (SIGILL) if it cannot.
/// The first timer tcpscope arms may well be the 250 ms accept retry after EMFILE, when no
/// descriptor is left, so one is armed as a session starts, while descriptors are plentiful.
/// Dispatch keeps those descriptors for the life of the process.
enum DispatchTimers {
    private static let prepared = Atomic<Bool>(false)

    static func prepare() {
        guard !prepared.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // A deadline already past would be run without a timer: it must lie ahead.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(1)) {}
    }
}
