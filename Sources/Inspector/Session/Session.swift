import Dispatch
import Synchronization
import TcpModel

/// The application model: every stream and listener a person has opened, what each is doing,
/// and the log of every call. It is the only thing that changes that state; the view reads
/// immutable `Snapshot`s and is woken through `wakeDescriptor`.
///
/// Commands run on the read or write side of their stream (two serial queues), so a blocking read
/// (or a blocked send) holds up nothing else, not even the other side. A background `Poller` watches every socket and refreshes what the
/// kernel reports (bytes waiting, the peek window, TCP_INFO) without consuming data, unless
/// the stream is in follow mode.
public final class Session: Sendable {
    public let configuration: SessionConfiguration
    /// Every operation, as it happened.
    public let log: EventLog
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    let wake = WakeSignal()
    let poller = Poller()
    let state: Locked<SessionState>
    /// Why this session cannot work, when the kernel refused what watching sockets takes (an
    /// epoll instance and eventfds: EMFILE under a tiny descriptor limit). Nothing then
    /// runs: every command fails with it, and a front end should say it and exit.
    public let startFailure: SocketError?
    /// Held by a call whose effect another stream can see at once (a shutdown's FIN) from the
    /// call until its event is logged, and by every other `record`: so no effect is logged
    /// before its cause. Only calls that never block hold it.
    let causing = Locked(())
    /// Writes lost to the files the session keeps (see Session+LostWrites).
    let lostWriteList = LostWriteList()
    /// Connections accepted so far: `Snapshot.lastAccept`'s number, readable without the lock.
    let acceptCount = Atomic<Int>(0)

    public init(configuration: SessionConfiguration = SessionConfiguration()) {
        self.configuration = configuration
        let start = ContinuousClock.now
        started = start
        log = EventLog(bound: configuration.logBound, start: start)
        state = Locked(SessionState(snapshot: Snapshot(log: log.view, started: start)))
        // Out of descriptors, Dispatch's timer setup would crash the process: it is checked
        // last, and nothing starts if anything failed.
        startFailure = poller.setupFailure ?? wake.setupFailure ?? DispatchTimers.prepare()
        guard startFailure == nil else { return }
        poller.start(
            onReady: { [weak self] batch in self?.handle(batch) },
            onTick: { [weak self] in self?.tick() },
            onFailure: { [weak self] error in self?.pollerStopped(error) })
    }

    /// Stops the poller and cancels every call still pending (so no thread stays blocked on
    /// a socket); streams close as their last references go.
    public func shutdown() {
        poller.stop()
        let (entries, connects) = state.withLock { s in (Array(s.streams.values), Array(s.connects.values)) }
        for entry in entries {
            stopJoin(entry)
            entry.readCancel.cancel()
            entry.writeCancel.cancel()
        }
        for attempt in connects { attempt.signal.cancel() }
        transcriptStop()
    }

    deinit {
        poller.stop()
    }

    // MARK: what the view reads

    /// The state now. O(1): nothing captured is copied.
    public func snapshot() -> Snapshot {
        let log = log.view
        var snap = state.withLock { s in
            var snap = s.snapshot
            snap.log = log
            return snap
        }
        snap.lostWrites = lostWriteList.all
        return snap
    }

    /// How many connections this session's listeners have accepted: a view compares it with
    /// the last it announced before taking a snapshot for it.
    public var acceptedSoFar: Int { acceptCount.load(ordering: .acquiring) }

    /// Readable when something changed since the last `acknowledgeWake()`.
    public var wakeDescriptor: Int32 { wake.descriptor }

    /// Makes the wake descriptor readable, for a front end that has news of its own to show
    /// (a command's outcome).
    public func requestRedraw() {
        wake.signal()
    }

    /// Clears the wake descriptor; take the snapshot after this, so no change is missed.
    public func acknowledgeWake() {
        wake.acknowledge()
    }

    // MARK: changing state

    /// Applies a change, publishes it (a new snapshot version), wakes the view and anyone
    /// waiting for a condition.
    @discardableResult
    func mutate<R>(_ body: (inout SessionState) -> R) -> R {
        let (result, waiters) = state.withLock { s in
            let r = body(&s)
            s.snapshot.version &+= 1
            return (r, s.waiters)
        }
        for waiter in waiters.values { waiter.signal() }
        wake.signal()
        return result
    }

    /// Changes one stream's snapshot, if it is still open: a closed one keeps its last picture.
    func updateStream(_ id: StreamID, _ body: (inout StreamSnapshot) -> Void) {
        mutate { s in
            if var stream = s.snapshot.streams[id], stream.closed == nil {
                body(&stream)
                s.snapshot.streams[id] = stream
            }
        }
    }

    /// Appends to the log and wakes the view.
    @discardableResult
    func record(_ event: Event) -> Event {
        let stamped = causing.withLock { _ in log.append(event) }
        mutate { _ in }
        return stamped
    }

    /// Runs `call` (a system call that never blocks) and logs the event it returns, with no
    /// other event logged in between: what the call caused elsewhere is logged after it.
    func recordCause(_ call: () -> Event) -> Event {
        let stamped = causing.withLock { _ in log.append(call()) }
        mutate { _ in }
        return stamped
    }

    /// Blocks until `condition` holds for the state, or `deadline` passes. Returns whether it
    /// held. Every change re-checks it, so no polling interval applies.
    func waitUntil(_ deadline: ContinuousClock.Instant, _ condition: (inout SessionState) -> Bool) -> Bool {
        let semaphore = DispatchSemaphore(value: 0)
        let key = state.withLock { s -> Int in
            s.nextWaiter += 1
            s.waiters[s.nextWaiter] = semaphore
            return s.nextWaiter
        }
        defer { _ = state.withLock { $0.waiters.removeValue(forKey: key) } }
        while true {
            if state.withLock({ condition(&$0) }) { return true }
            let left = deadline - clock.now
            if left <= .zero { return false }
            let micros = max(1, left.wholeMicroseconds)
            _ = semaphore.wait(timeout: .now() + .microseconds(Int(clamping: micros)))
        }
    }

    func entry(_ id: StreamID) -> StreamEntry? {
        state.withLock { $0.streams[id] }
    }

    func listenerEntry(_ id: ListenerID) -> ListenerEntry? {
        state.withLock { $0.listeners[id] }
    }
}

/// Everything the session changes, behind one lock.
struct SessionState {
    var snapshot: Snapshot
    var streams: [StreamID: StreamEntry] = [:]
    var listeners: [ListenerID: ListenerEntry] = [:]
    /// Connects in progress, by the id their stream will have.
    var connects: [StreamID: ConnectAttempt] = [:]
    var nextStream = 1
    var nextListener = 1
    /// Where each listener of this session was bound, kept after it closes (for `listen l1`).
    var listenerAddresses: [ListenerID: SocketAddress] = [:]
    var nextSocketKey = 1
    /// The bytes the last read or peek returned, for `expect`.
    var lastRead: [UInt8]?
    /// How the last command other than `expect` ended, for `expect error`.
    var lastResult: Outcome?
    var waiters: [Int: DispatchSemaphore] = [:]
    var nextWaiter = 0
    /// How many accepted connections `wait accepted` has handed out, per listener.
    var acceptClaims: [ListenerID: Int] = [:]
    /// Accepted streams per listener, in order.
    var acceptedStreams: [ListenerID: [StreamID]] = [:]
    /// Script lines of what this session did, for `save`.
    var script: [String] = []
    var transcript: TranscriptWriter?
    /// The transcript writer's place among the log's observers, so stopping it stops only it.
    var transcriptObservation: EventLogObservation?
    /// `--save-read`: where every byte read also goes.
    var rawSink: OutputFile?
    /// When the poller last refreshed watched streams.
    var lastRefresh: ContinuousClock.Instant?
}
