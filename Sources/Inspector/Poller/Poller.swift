import Dispatch
import CSocket
import Glibc
import Synchronization
import TcpModel

/// One background thread that sleeps in epoll_wait over every stream and listener and calls
/// back when the kernel reports something. Streams are registered edge-triggered, so data
/// that stays unread does not wake it again; only new arrivals, hang-ups and errors do.
/// Listeners are one-shot: the handler re-arms them once it has accepted.
///
/// Idle means idle: with nothing happening and no timer due it blocks with no timeout.
final class Poller: Sendable {
    enum Interest: Sendable {
        /// Edge-triggered input, peer half-close, hang-up and error, plus output space.
        case stream
        /// A stream a follow drain is reading: everything but input. The drain sees each
        /// arrival itself; an input edge would wake this thread on the other core once per
        /// arriving segment, for nothing.
        case streamBeingDrained
        /// A followed stream whose end was read: input and half-close stay ready for good,
        /// so with them every change of interest would report them again and start another
        /// drain. Output space, hang-up and error only.
        case streamAtEnd
        /// One-shot input: re-armed with `rearm(_:)` after handling.
        case listener
    }

    struct Readiness: Sendable {
        var key: UInt64
        var readable: Bool
        var writable: Bool
        var peerClosed: Bool
        var hangUp: Bool
        var error: Bool
    }

    private let epoll: Int32
    private let wake: Int32
    private let stopped = Atomic<Bool>(false)
    private let wakeKey = UInt64.max
    /// Why the poller could not be set up (no descriptor for epoll or its wake-up eventfd):
    /// then it never runs, and the session refuses to work rather than watch nothing.
    let setupFailure: SocketError?

    init() {
        var failure: SocketError?
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        if epoll < 0 { failure = SocketError(errno: errno, call: "epoll_create1") }
        wake = failure == nil ? eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK)) : -1
        if failure == nil, wake < 0 { failure = SocketError(errno: errno, call: "eventfd") }
        if failure == nil {
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.u64 = wakeKey
            if epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &event) != 0 {
                failure = SocketError(errno: errno, call: "epoll_ctl(ADD) of the poller's eventfd")
            }
        }
        setupFailure = failure
    }

    /// The epoll instance's descriptor, for tests that break it on purpose.
    var epollDescriptor: Int32 { epoll }

    deinit {
        if epoll >= 0 { close(epoll) }
        if wake >= 0 { close(wake) }
    }

    /// Starts the loop on a serial queue of its own; it holds that queue's thread until
    /// `stop()`. `onReady` gets every batch of readiness reports; `onTick` runs before each
    /// wait, does any timed work that is due and says how long to wait at most (nil: until
    /// something happens).
    ///
    /// `onFailure` gets the error if epoll_wait fails for any reason but EINTR (the epoll
    /// descriptor is broken): the loop then stops instead of retrying forever at full speed.
    /// A poller whose setup failed does not start.
    func start(onReady: @escaping @Sendable ([Readiness]) -> Void, onTick: @escaping @Sendable () -> Duration?,
               onFailure: @escaping @Sendable (SocketError) -> Void) {
        guard setupFailure == nil else { return }
        DispatchQueue(label: "tcpscope.poller", qos: .userInitiated).async { [self] in
            run(onReady: onReady, onTick: onTick, onFailure: onFailure)
        }
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        poke()
    }

    /// Wakes the loop so it recomputes its timeout.
    func poke() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    /// Starts watching `fd`. Returns the error when the kernel refuses (ENOMEM, ENOSPC past
    /// max_user_watches): the descriptor is then not watched, which the caller must say.
    func add(_ fd: Int32, key: UInt64, _ interest: Interest) -> SocketError? {
        control(EPOLL_CTL_ADD, "epoll_ctl(ADD)", fd, key: key, interest)
    }

    /// Re-arms a one-shot registration, or changes what a registration reports. The kernel
    /// checks readiness on the change, so whatever is ready now is reported at once: nothing
    /// that arrived while input was left out is missed. Returns the error if the kernel
    /// refuses: the descriptor's readiness then goes unreported.
    func rearm(_ fd: Int32, key: UInt64, _ interest: Interest) -> SocketError? {
        control(EPOLL_CTL_MOD, "epoll_ctl(MOD)", fd, key: key, interest)
    }

    /// Must be called before the descriptor is closed: a clone keeps the socket open, and
    /// epoll would go on reporting it under the closed descriptor's key. Returns the error
    /// if the kernel refuses.
    func remove(_ fd: Int32) -> SocketError? {
        var event = epoll_event()
        return epoll_ctl(epoll, EPOLL_CTL_DEL, fd, &event) == 0 ? nil : SocketError(errno: errno, call: "epoll_ctl(DEL)")
    }

    private func control(_ op: Int32, _ call: String, _ fd: Int32, key: UInt64, _ interest: Interest) -> SocketError? {
        var event = epoll_event()
        event.events = mask(interest)
        event.data.u64 = key
        return epoll_ctl(epoll, op, fd, &event) == 0 ? nil : SocketError(errno: errno, call: call)
    }

    private func mask(_ interest: Interest) -> UInt32 {
        switch interest {
        case .stream:
            EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        case .streamBeingDrained:
            EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        case .streamAtEnd:
            EPOLLOUT.rawValue | EPOLLET.rawValue
        case .listener:
            EPOLLIN.rawValue | EPOLLONESHOT.rawValue
        }
    }

    private func run(onReady: @Sendable ([Readiness]) -> Void, onTick: @Sendable () -> Duration?,
                     onFailure: @Sendable (SocketError) -> Void) {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while !stopped.load(ordering: .acquiring) {
            let timeout = onTick().map { $0.pollMilliseconds } ?? -1
            let n = epoll_wait(epoll, events, Int32(capacity), timeout)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                // EBADF, EINVAL, EFAULT: retrying cannot help and would spin a core.
                onFailure(SocketError(errno: code, call: "epoll_wait"))
                return
            }
            var batch: [Readiness] = []
            batch.reserveCapacity(Int(n))
            for i in 0..<Int(n) {
                let e = events[i]
                if e.data.u64 == wakeKey {
                    var value: UInt64 = 0
                    _ = read(wake, &value, 8)
                    continue
                }
                let bits = e.events
                batch.append(Readiness(
                    key: e.data.u64,
                    readable: bits & EPOLLIN.rawValue != 0,
                    writable: bits & EPOLLOUT.rawValue != 0,
                    peerClosed: bits & EPOLLRDHUP.rawValue != 0,
                    hangUp: bits & EPOLLHUP.rawValue != 0,
                    error: bits & EPOLLERR.rawValue != 0))
            }
            if !batch.isEmpty { onReady(batch) }
        }
    }
}
