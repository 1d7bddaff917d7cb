import CCurses
import Glibc

/// A self-pipe that lets background work wake the UI thread's `InputWaiter`.
///
/// Any thread may call `signal()`; only the UI thread should `drain()`. Both ends are
/// nonblocking, so a full pipe never stalls a signaller: it already means a wake-up is pending.
public final class WakePipe: Sendable {
    /// Pass this to `InputWaiter(wakeDescriptor:)`.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    public init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard tcs_wake_pipe(&fds) == 0 else { throw .system(call: "pipe2", code: errno) }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Asks the UI thread to wake up. Any thread; cheap enough to call on every change.
    public func signal() {
        var byte: UInt8 = 1
        // EAGAIN means the pipe is full of earlier wake-ups, which is as good as this one.
        while write(writeDescriptor, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Empties the pipe after a wake-up, so the next wait blocks until the next `signal()`.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        // Bounded: a signaller writing as fast as we read must not keep the UI thread here.
        for _ in 0..<64 {
            let count = buffer.withUnsafeMutableBytes { read(readDescriptor, $0.baseAddress, $0.count) }
            if count == buffer.count { continue }
            if count > 0 { return }
            if count < 0 && errno == EINTR { continue }
            return
        }
    }
}
