import Dispatch
import Synchronization
import TcpModel

/// A stream's live parts, which never change after it opens: the socket, its two sides and
/// its captures. What changes lives in the session's state.
///
/// A stream has a read side and a write side, as a TCP connection does (and as Rust's
/// `&TcpStream` is both `Read` and `Write`): each side is a serial queue, so calls on one side
/// keep their order, and a read blocked on an empty queue never holds up a send.
final class StreamEntry: Sendable {
    let id: StreamID
    let stream: TcpStream
    /// Reads, peeks and follow's drain run here, one at a time (and close, last of all).
    let readQueue: DispatchQueue
    /// Sends run here, one at a time.
    let writeQueue: DispatchQueue
    /// Cancels what is submitted to each side (`cancel`, Esc, a close).
    let readCancel = CancelSignal()
    let writeCancel = CancelSignal()
    let received: CaptureRing
    let sent: CaptureRing
    let socketKey: Int
    /// Read-side operations submitted and not yet started: a follow drain yields to them.
    let waitingOps = Atomic<Int>(0)
    /// A follow drain is queued and has not started.
    let drainScheduled = Atomic<Bool>(false)
    /// Mirrors the snapshot's `follow`, readable without the session lock on the hot path.
    let following = Atomic<Bool>(false)
    /// Bumped by every consuming read, so a peek taken before it is not published after it.
    let consumeGeneration = Atomic<UInt64>(0)
    /// Held while the kernel's state is read and published (`refreshReadSide`,
    /// `refreshKernelView`), so what the snapshot shows is always the latest look.
    let looking = Locked(())

    var pollKey: UInt64 { UInt64(id.number) }

    init(id: StreamID, stream: TcpStream, socketKey: Int, captureBound: Int) {
        self.id = id
        self.stream = stream
        self.socketKey = socketKey
        readQueue = DispatchQueue(label: "tcpscope.\(id).read")
        writeQueue = DispatchQueue(label: "tcpscope.\(id).write")
        received = CaptureRing(bound: captureBound)
        sent = CaptureRing(bound: captureBound)
    }
}

/// A listener's live parts.
final class ListenerEntry: Sendable {
    let id: ListenerID
    let listener: TcpListener
    let queue: DispatchQueue

    /// Listener keys live above every stream key in the poller's key space.
    var pollKey: UInt64 { 1 << 62 | UInt64(id.number) }

    init(id: ListenerID, listener: TcpListener) {
        self.id = id
        self.listener = listener
        queue = DispatchQueue(label: "tcpscope.\(id)")
    }
}
