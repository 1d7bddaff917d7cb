import CSocket
import Dispatch
import Glibc
import Synchronization
import TcpModel

/// Dispatch opens the descriptors behind its timers (an epoll instance, an eventfd and a
/// timerfd) the first time a timer is armed, and crashes the process (SIGILL) if it cannot.
/// The first timer tcpscope arms may well be the 250 ms accept retry after EMFILE, when no
/// descriptor is left, so one is armed as a session starts, while descriptors are plentiful.
/// Dispatch keeps those descriptors for the life of the process.
enum DispatchTimers {
    private static let prepared = Atomic<Bool>(false)

    /// Arms the first timer, once per process. Under a descriptor limit so tight that Dispatch
    /// could not open its three, it arms nothing and returns the error that says so: a
    /// session refuses to start then, rather than have the process crash.
    static func prepare() -> SocketError? {
        if prepared.load(ordering: .acquiring) { return nil }
        // Three descriptors of the kind Dispatch opens, closed at once: if they open, so will its own.
        var probes: [Int32] = []
        var failure: SocketError?
        for _ in 0..<3 {
            let fd = eventfd(0, Int32(EFD_CLOEXEC))
            if fd < 0 {
                failure = SocketError(errno: errno, call: "eventfd", detail: "(descriptors for Dispatch's timers)")
                break
            }
            probes.append(fd)
        }
        // Closed before arming: Dispatch opens its own in the call that arms.
        probes.forEach { close($0) }
        if let failure { return failure }
        guard !prepared.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        // A deadline already past would be run without a timer: it must lie ahead.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(1)) {}
        return nil
    }
}
