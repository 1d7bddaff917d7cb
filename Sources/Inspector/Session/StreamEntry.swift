import Dispatch
import Synchronization
import TcpModel

/// A stream's live parts, which never change after it opens: the socket, its serial
/// operation queue and its captures. What changes lives in the session's state.
final class StreamEntry: Sendable {
    let id: StreamID
    let stream: TcpStream
    /// Every operation on this stream runs here, one at a time, so a blocking call holds up
    /// only this stream.
    let queue: DispatchQueue
    let received: CaptureRing
    let sent: CaptureRing
    let socketKey: Int
    /// Operations submitted and not yet started: a follow drain yields to them.
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
        queue = DispatchQueue(label: "tcpscope.\(id)")
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
