import TcpModel
import CCurses
import Glibc

/// What ended a wait of the UI thread.
public struct Wakeup: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The terminal has input: read keys.
    public static let input = Wakeup(rawValue: 1 << 0)
    /// The wake-up descriptor is readable: new state to draw. Drain it.
    public static let wake = Wakeup(rawValue: 1 << 1)
    /// A signal interrupted the wait, most likely SIGWINCH: read keys to get `.resize`.
    public static let interrupted = Wakeup(rawValue: 1 << 2)
    /// The terminal is gone (hang-up or error on stdin): waiting again would spin, so quit.
    public static let hangup = Wakeup(rawValue: 1 << 3)

    /// Nothing happened before the timeout.
    public var isTimeout: Bool { isEmpty }
}

/// Blocks the UI thread until the terminal has input, the caller's wake-up descriptor fires,
/// the terminal is resized, or a timeout passes.
///
/// SIGWINCH belongs to ncurses' own handler; it only needs to interrupt this wait. So that it can
/// neither arrive just before the wait starts (and be noticed only at the timeout) nor be taken by
/// some background thread (and never interrupt us), the initialiser blocks SIGWINCH in the calling
/// thread and `wait` unblocks it only for the duration of the wait (ppoll). Create the waiter on
/// the UI thread before starting background threads: threads inherit the blocked mask.
public final class InputWaiter {
    /// A descriptor that becomes readable when background work has something to show; it may
    /// be set after creation, since the waiter must exist before any thread does.
    public var wakeDescriptor: Int32?
    /// The mask the thread had before; restored on deinit.
    private var originalMask = sigset_t()
    /// The mask to wait with: the original one with SIGWINCH let through.
    private var waitMask = sigset_t()

    /// - Parameter wakeDescriptor: a descriptor that becomes readable when background work has
    ///   something to show (the session's `wakeDescriptor`), or nil to wait for the terminal only.
    public init(wakeDescriptor: Int32? = nil) {
        self.wakeDescriptor = wakeDescriptor
        var block = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGWINCH)
        pthread_sigmask(SIG_BLOCK, &block, &originalMask)
        waitMask = originalMask
        sigdelset(&waitMask, SIGWINCH)
    }

    deinit {
        pthread_sigmask(SIG_SETMASK, &originalMask, nil)
    }

    /// Waits until something happens or `timeout` passes (nil waits indefinitely).
    /// A positive timeout below a millisecond still waits a millisecond rather than spinning.
    /// With `wake` false the wake-up descriptor is left out: a frame is already due, so news
    /// of more changes would only wake the thread early for nothing.
    public func wait(timeout: Duration?, wake: Bool = true) -> Wakeup {
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if wake, let wakeDescriptor {
            fds.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
        }
        let milliseconds = InputWaiter.milliseconds(timeout)
        let ready = fds.withUnsafeMutableBufferPointer { buffer in
            tcs_ppoll(buffer.baseAddress, nfds_t(buffer.count), milliseconds, &waitMask)
        }
        if ready < 0 {
            // EINTR is the resize (or another handled signal); any other error would recur on
            // every call, so report it as a hang-up rather than spin.
            return errno == EINTR ? .interrupted : .hangup
        }
        var woke: Wakeup = []
        let terminal = fds[0].revents
        if terminal & Int16(POLLIN) != 0 { woke.insert(.input) }
        if terminal & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { woke.insert(.hangup) }
        if fds.count > 1, fds[1].revents != 0 { woke.insert(.wake) }
        return woke
    }

    static func milliseconds(_ timeout: Duration?) -> Int32 {
        timeout?.pollMilliseconds ?? -1
    }
}
