import CSocket
import Glibc
import Synchronization
import TcpModel

/// A descriptor another thread can poll to learn that something changed, written at most once
/// until the reader acknowledges: a burst of changes costs one write and one wake-up.
public final class WakeSignal: Sendable {
    /// The eventfd to poll for readability.
    public let descriptor: Int32
    private let armed = Atomic<Bool>(false)
    /// Why the eventfd could not be made (EMFILE, ENFILE): polling then would never wake.
    public let setupFailure: SocketError?

    public init() {
        descriptor = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        setupFailure = descriptor < 0 ? SocketError(errno: errno, call: "eventfd") : nil
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Makes the descriptor readable, unless it already is.
    public func signal() {
        if armed.exchange(true, ordering: .acquiringAndReleasing) { return }
        var one: UInt64 = 1
        _ = write(descriptor, &one, 8)  // EAGAIN would mean it is readable already: fine
    }

    /// Clears the descriptor; call before reading the state it announces, so a change made
    /// after this call wakes the reader again.
    public func acknowledge() {
        // Drain first, then disarm: a signal in between finds the flag still set and writes
        // nothing, but its change is already in the state the reader takes next. The other
        // order could swallow that signal's write and leave the flag set for good.
        var value: UInt64 = 0
        _ = read(descriptor, &value, 8)
        armed.store(false, ordering: .releasing)
    }
}
