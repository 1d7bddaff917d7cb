import Dispatch
import Synchronization
import TcpModel
import TlsLayer

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

    /// Set while the stream is joined: the forwarding of what arrives here to its partner.
    let relay = Locked<RelayDirection?>(nil)

    /// The process whose socket this is, for a stream made by `attach`; nil for our own.
    let owner: AttachedOwner?
    /// TLS over the socket, once the stream has it (see `TlsSlot`).
    let tls: TlsSlot

    var pollKey: UInt64 { UInt64(id.number) }

    init(id: StreamID, stream: TcpStream, socketKey: Int, captureBound: Int, owner: AttachedOwner? = nil,
         tls: TlsConnection? = nil) {
        self.id = id
        self.owner = owner
        self.tls = TlsSlot(tls)
        self.stream = stream
        self.socketKey = socketKey
        readQueue = DispatchQueue(label: "tcpscope.\(id).read")
        writeQueue = DispatchQueue(label: "tcpscope.\(id).write")
        received = CaptureRing(bound: captureBound)
        sent = CaptureRing(bound: captureBound)
    }
}

/// The owner of an attached stream's socket: its pidfd (readable when it exits), the
/// descriptor number and the socket's inode (the descriptor closed, or reused for another
/// file, when /proc/PID/fd/FD no longer names it).
final class AttachedOwner: Sendable {
    let process: OwnerProcess
    let fd: Int32
    let inode: UInt32?
    /// Mirrors the snapshot's `writeAllowed`, for the command gate.
    let writeAllowed = Atomic<Bool>(false)
    /// Set once: the detach has been started.
    let detaching = Atomic<Bool>(false)

    init(process: OwnerProcess, fd: Int32, inode: UInt32?) {
        self.process = process
        self.fd = fd
        self.inode = inode
    }

    /// Why the stream must detach now, or nil while the owner still holds the socket.
    var gone: String? {
        if process.hasExited { return "owner exited" }
        if let inode, process.socketInode(fd: fd) != inode {
            // An exiting process closes its descriptors before its pidfd turns readable: a
            // short look tells an exit from a close (on a loaded machine the gap was seen).
            return process.exits(within: 200) ? "owner exited" : "owner closed it"
        }
        return nil
    }
}

/// A listener's live parts.
final class ListenerEntry: Sendable {
    let id: ListenerID
    let listener: TcpListener
    let queue: DispatchQueue
    /// For `relay`: where each accepted client's partner connects.
    let relayTo: String?
    /// A TLS listener's certificate and key: each accepted connection's server handshake.
    let tls: TlsServerContext?

    /// Listener keys live above every stream key in the poller's key space.
    var pollKey: UInt64 { 1 << 62 | UInt64(id.number) }

    init(id: ListenerID, listener: TcpListener, relayTo: String? = nil, tls: TlsServerContext? = nil) {
        self.id = id
        self.listener = listener
        self.relayTo = relayTo
        self.tls = tls
        queue = DispatchQueue(label: "tcpscope.\(id)")
    }
}
