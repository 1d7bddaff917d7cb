import HashTreeCollections
import TcpModel
import TlsLayer

/// Everything the view shows, as one immutable value. Taking one is O(1): the stream table is
/// a persistent tree that shares all unchanged entries with the previous snapshot, the log and
/// the captures are referenced, not copied.
public struct Snapshot: Sendable {
    /// Grows by one with every change.
    public var version: UInt64 = 0
    /// Streams in the order they were opened.
    public var streamOrder: [StreamID] = []
    public var streams: TreeDictionary<StreamID, StreamSnapshot> = [:]
    /// The streams this process closed that are still listed, oldest close first: at most
    /// `SessionConfiguration.closedStreamsKept`, until `forget`.
    public var closedOrder: [StreamID] = []
    public var listenerOrder: [ListenerID] = []
    public var listeners: [ListenerID: ListenerSnapshot] = [:]
    /// Connects still in progress.
    public var connecting: [PendingConnect] = []
    /// How many operations are running on streams (a blocking read, a send, a wait), counting
    /// each side of each stream.
    public var pendingCount = 0
    /// Each stream by its (local, peer) addresses, clones left out: finds a connection's other
    /// end in O(log n) however many streams are open.
    var byAddresses: TreeDictionary<AddressPair, StreamID> = [:]
    public var selected: EntryID?
    public var log: EventLogView
    /// When the session started; event times count from here.
    public var started: ContinuousClock.Instant
    /// Whether a transcript is being written, and where.
    public var transcriptPath: String?
    /// Writes lost to the session's files (a full disk), oldest first: kept in view.
    public var lostWrites: [LostWrite] = []
    /// The newest connection a listener accepted, for the status line to announce.
    public var lastAccept: AcceptNotice?

    /// An empty snapshot over `log`. The session builds its own; views and benchmarks may build
    /// one by hand with `insert(_:)`.
    public init(log: EventLogView, started: ContinuousClock.Instant) {
        self.log = log
        self.started = started
    }

    /// Adds or replaces a stream as the session does: listed in id order, and (unless it is a
    /// clone) findable as the other end of its connection.
    public mutating func insert(_ stream: StreamSnapshot) {
        let id = stream.id
        if streams.updateValue(stream, forKey: id) == nil {
            // Ids only grow, so the common case appends; an accept that overtook the connect
            // before it is put in its place.
            if let last = streamOrder.last, last > id {
                streamOrder.insert(id, at: streamOrder.firstIndex { $0 > id } ?? streamOrder.endIndex)
            } else {
                streamOrder.append(id)
            }
        }
        if stream.origin.cloneOf == nil, let local = stream.local, let peer = stream.peer {
            byAddresses[AddressPair(local: local, peer: peer)] = id
        }
    }

    public var selectedStream: StreamSnapshot? {
        if case .stream(let id) = selected { return streams[id] }
        return nil
    }

    public var selectedListener: ListenerSnapshot? {
        if case .listener(let id) = selected { return listeners[id] }
        return nil
    }

    /// The other end of `stream` when both ends are in this session (listen, then connect),
    /// else the stream it is joined with (`relay`, `join`).
    public func partner(of stream: StreamSnapshot) -> StreamSnapshot? {
        if let local = stream.local, let peer = stream.peer,
           let id = byAddresses[AddressPair(local: peer, peer: local)], id != stream.id {
            return streams[id]
        }
        return stream.join.flatMap { streams[$0.partner] }
    }

    /// Streams listed that are still open (closed ones stay listed until `forget`).
    public var openStreamCount: Int { streamOrder.count - closedOrder.count }

    /// The newest open stream, or the newest listed when every one is closed: where the
    /// key that jumps to a just-accepted connection goes.
    public var newestStream: StreamID? {
        streamOrder.last { streams[$0]?.closed == nil } ?? streamOrder.last
    }

    /// Whether something is running whose elapsed time is on screen.
    public var isBusy: Bool { pendingCount > 0 || !connecting.isEmpty }

    /// Every entry, listeners first, as the Streams pane lists them.
    public var entries: [EntryID] {
        listenerOrder.map(EntryID.listener) + streamOrder.map(EntryID.stream)
    }
}

/// A connection's two addresses, as one key.
struct AddressPair: Hashable, Sendable {
    var local: SocketAddress
    var peer: SocketAddress
}

/// How a stream came to be.
public enum StreamOrigin: Sendable, Hashable {
    /// `connect TARGET`.
    case connected(to: String)
    /// Accepted by one of this session's listeners.
    case accepted(from: ListenerID)
    /// `clone` of another stream: same socket, another descriptor.
    case clone(of: StreamID)
    /// `attach PID:FD`: a copy of another process's descriptor.
    case attached(pid: Int32, fd: Int32)

    public var cloneOf: StreamID? {
        if case .clone(let id) = self { return id }
        return nil
    }
}

/// Another process's socket that a stream is attached to.
public struct AttachedSocket: Sendable, Hashable {
    public var pid: Int32
    public var fd: Int32
    /// The owner's command name, control characters replaced (it reaches the screen).
    public var command: String
    public var inode: UInt32?
    /// `allow-write` ran: read, follow, send, shutdown and set act on the owner's socket.
    public var writeAllowed = false

    /// `pid 1234 (redis-server) fd 7`.
    public var ownerText: String { "pid \(pid) (\(command)) fd \(fd)" }
}

/// An operation still running on one side of a stream (a blocking read, a send, a wait).
public struct PendingOperation: Sendable, Hashable {
    public var op: String
    public var args: String
    public var started: ContinuousClock.Instant

    public init(op: String, args: String, started: ContinuousClock.Instant) {
        self.op = op
        self.args = args
        self.started = started
    }
}

/// A connect that has not finished.
public struct PendingConnect: Sendable, Hashable {
    public var id: StreamID
    public var target: String
    public var started: ContinuousClock.Instant
    public var timeout: Duration?

    public init(id: StreamID, target: String, started: ContinuousClock.Instant, timeout: Duration?) {
        self.id = id
        self.target = target
        self.started = started
        self.timeout = timeout
    }
}

/// An option as the kernel reported it at the last read back.
public enum OptionReading: Sendable, Hashable {
    case value(OptionValue)
    case failed(String)
}

/// Bytes in the kernel's queues for one socket.
public struct QueueLengths: Sendable, Hashable {
    /// Received, not yet read (SIOCINQ).
    public var toRead = 0
    /// Written, not yet acknowledged (SIOCOUTQ).
    public var unacked = 0
    /// Written, not yet sent (SIOCOUTQNSD).
    public var unsent = 0
}

/// A bounded series of samples for a sparkline.
public struct History: Sendable, Hashable {
    public private(set) var values: [Double] = []
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    mutating func add(_ value: Double) {
        values.append(value)
        if values.count > capacity { values.removeFirst(values.count - capacity) }
    }
}

/// One stream as the view sees it.
public struct StreamSnapshot: Sendable {
    public let id: StreamID
    public var origin: StreamOrigin
    public var local: SocketAddress?
    public var peer: SocketAddress?
    /// Streams that share one socket (clones) share this key.
    public var socketKey: Int

    /// Bytes read from the stream, at offsets [received.oldest, received.total).
    public var received: CaptureRing
    /// Bytes sent, likewise.
    public var sent: CaptureRing
    public var receivedTotals = CaptureRing.Totals(total: 0, oldest: 0)
    public var sentTotals = CaptureRing.Totals(total: 0, oldest: 0)

    /// Bytes waiting in the kernel, seen with MSG_PEEK; they start at stream offset
    /// `peekOffset`, which is `receivedTotals.total` when they were peeked.
    public var peeked: [UInt8] = []
    public var peekOffset: UInt64 = 0

    public var queues = QueueLengths()
    public var info: TcpInfo?
    public var options: [SocketOptionName: OptionReading] = [:]

    public var follow = false
    /// This process shut the read or write side down (on this socket, so clones share it).
    public var shutRead = false
    public var shutWrite = false
    /// The peer shut down its write side (its FIN arrived): after what is queued, end of
    /// stream. A local `shutdown read` or a connection the kernel ended does not set it.
    public var peerClosed = false
    /// A read returned 0.
    public var endOfStream = false
    /// How following the stream ended, once it gave its last byte: `end of stream after N
    /// bytes`, or the error that came after the last queued byte, `ECONNRESET after N bytes`.
    public var readEnd: String?
    /// The errno name a read or peek failed with (ECONNRESET, ETIMEDOUT), not EAGAIN: how
    /// the stream ended, as `expect closed` names it.
    public var readFailure: String?
    public var hangUp = false
    /// The kernel flagged an error (EPOLLERR) that `error` has not taken yet.
    public var errorPending = false
    /// The kernel gave up on the peer (keepalive probes or retransmissions went unanswered)
    /// and closed the connection: its error is ETIMEDOUT.
    public var timedOut = false
    /// What runs on the read side: a read, a peek, a follow switched on or off.
    public var pending: PendingOperation?
    /// What runs on the write side: a send.
    public var pendingWrite: PendingOperation?
    /// A `wait` for data on this stream (it runs beside the read side's queue, so a followed
    /// stream keeps reading while it waits); cancelled with the read side.
    public var pendingWait: PendingOperation?
    /// Set while the connect that opens this stream is still in progress (SYN_SENT): the
    /// stream is listed and selectable, `cancel` or `close` ends the connect.
    public var connect: PendingConnect?
    public var lastError: String?
    /// Set when this process closed the stream: how the connection had ended. It stays listed
    /// with its captures and last kernel readings, which no longer change, until `forget`.
    public var closed: StreamClosing?
    /// Set on a stream attached to another process's socket: whose it is, and whether
    /// `allow-write` let the commands that change it act.
    public var attached: AttachedSocket?
    /// Set while the stream is joined with another (`relay`, `join`): what arrives here is
    /// forwarded to its partner.
    public var join: JoinMark?
    /// Received offsets that `drop` read and forwarded to no one, and sent offsets that a
    /// `send` wrote while joined (injected between forwarded bytes): the Data pane marks them.
    public var droppedRanges = MarkedRanges()
    public var injectedRanges = MarkedRanges()
    /// Set on a TLS stream: what its handshake settled. Its `received` and `sent` hold
    /// plaintext, and `peeked` the plaintext decrypted but not yet read (SSL_pending).
    public var tls: TlsFacts?
    /// On a TLS stream, the record headers still in the kernel's receive queue (a MSG_PEEK of
    /// the raw socket, decoded), not yet decrypted.
    public var tlsRecords: TlsRecordScan?
    /// Set when `starttls` switched the stream to TLS: where its plaintext begins.
    public var tlsFrom: TlsSwitch?

    public var rttHistory: History
    public var toReadHistory: History
    /// When something last happened on this stream.
    public var lastChange: ContinuousClock.Instant

    public var stateName: String {
        closed == nil ? info?.stateName ?? (connect != nil ? "SYN_SENT" : "?") : "CLOSED"
    }

    /// What the read side is doing: a read or peek, else a wait for data.
    public var readSide: PendingOperation? { pending ?? pendingWait }
}

extension StreamSnapshot {
    /// A stream as it looks when it opens: nothing read or sent, no kernel readings yet.
    public init(id: StreamID, origin: StreamOrigin, local: SocketAddress?, peer: SocketAddress?, socketKey: Int,
                received: CaptureRing, sent: CaptureRing, historyLength: Int, lastChange: ContinuousClock.Instant) {
        self.init(id: id, origin: origin, local: local, peer: peer, socketKey: socketKey, received: received, sent: sent,
                  rttHistory: History(capacity: historyLength), toReadHistory: History(capacity: historyLength),
                  lastChange: lastChange)
    }
}

/// A connection a listener accepted, as the status line announces it.
public struct AcceptNotice: Sendable, Hashable {
    /// Counts every accept of the session, so a view can tell a new one from one it said.
    public var number: Int
    public var listener: ListenerID
    public var stream: StreamID
    public var from: SocketAddress

    public init(number: Int, listener: ListenerID, stream: StreamID, from: SocketAddress) {
        self.number = number
        self.listener = listener
        self.stream = stream
        self.from = from
    }

    /// `l1 accepted s3 from 127.0.0.1:40112`.
    public var text: String { "\(listener) accepted \(stream) from \(from)" }
}

/// One listener as the view sees it.
public struct ListenerSnapshot: Sendable, Hashable {
    public let id: ListenerID
    public var local: SocketAddress?
    /// Bound to every interface (0.0.0.0, :: or ::ffff:0.0.0.0), which the view says plainly.
    public var allInterfaces: Bool
    /// Other hosts can connect: bound to any address but loopback (every interface included).
    public var reachableFromOtherHosts: Bool
    public var accepted = 0
    /// The last accept error (EMFILE, ...), cleared when accepting works again.
    public var acceptError: String?
    public var options: [SocketOptionName: OptionReading] = [:]
    /// For `relay`: where each accepted client's partner stream connects.
    public var relayTo: String?
    /// False for `listen ... accept=off`: connections stay in the kernel's accept queue.
    public var accepting = true
    /// `listen tls:`: each accepted connection runs a TLS server handshake before it is listed.
    public var tls = false

    /// A listener as it looks when it opens: nothing accepted yet.
    public init(id: ListenerID, local: SocketAddress?, allInterfaces: Bool) {
        self.id = id
        self.local = local
        self.allInterfaces = allInterfaces
        reachableFromOtherHosts = allInterfaces
    }
}
