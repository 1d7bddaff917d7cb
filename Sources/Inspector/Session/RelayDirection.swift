import DequeModule
import Synchronization

/// One direction of a joined pair: what arrives on `source` is read on the source's read side
/// and written to `target` on the target's write side, one chunk at a time, so a `send` typed
/// on the target lands between two forwarded chunks, never inside one.
final class RelayDirection: Sendable {
    /// What `hold`, `step` and the forward pass agree on.
    struct Gate {
        var held = false
        /// Held bytes `step` lets through.
        var allowance = 0
        /// `delay`: how long each chunk waits between its read and its send.
        var delay: Duration?
        /// `rate`: bytes a second.
        var rate: Int?
        /// The rate's token bucket: bytes that may be read now, and when it was last filled.
        var tokens = 0.0
        var filled: ContinuousClock.Instant?
    }

    /// Chunks read and not sent yet while a delay is (or was) set, oldest first; a nil chunk is
    /// the source's FIN, which waits its turn behind them.
    struct Delayed {
        var chunks = Deque<(due: ContinuousClock.Instant, offset: UInt64, bytes: [UInt8]?)>()
        var bytes = 0
    }

    let source: StreamEntry
    let target: StreamEntry
    /// A relayed pair (made by a `relay` listener) closes once both directions have ended.
    let closesAtEnd: Bool
    /// Taken around every recv of a pass, and by `hold on`: once `hold on` returns, no byte
    /// that arrives later is read, let alone forwarded.
    let gate = Locked(Gate())
    /// Set by `unjoin`, a close or a reset: no pass starts, and a running one ends.
    let stopped = Atomic<Bool>(false)
    /// Ends a pass waiting for room in the target's send buffer when the pair is stopped.
    let stopSignal = CancelSignal()
    /// A pass is queued and has not started.
    let scheduled = Atomic<Bool>(false)
    /// The source's end of stream was read and passed on as a FIN.
    let finished = Atomic<Bool>(false)
    /// That FIN reached the target (`shutdown write`), after any delayed bytes before it.
    let finSent = Atomic<Bool>(false)
    /// The delay line: filled by the pass on the source's read side, emptied on the target's
    /// write side when each chunk is due.
    let delayed = Locked(Delayed())

    /// How many bytes may wait in the delay line before the pass stops reading: past it, the
    /// source's window fills as it would behind a slow link.
    static let delayLineBound = 4 << 20

    init(source: StreamEntry, target: StreamEntry, closesAtEnd: Bool) {
        self.source = source
        self.target = target
        self.closesAtEnd = closesAtEnd
    }

    /// Stops this direction: no new pass, and a pass blocked on the target's window ends.
    /// Taken under the gate, as `hold on` is: once this returns, no pass reads another byte.
    func stop() {
        gate.withLock { _ in stopped.store(true, ordering: .releasing) }
        stopSignal.cancel()
    }

    /// Whether nothing may be forwarded now (held with no step left).
    var isHeldShut: Bool {
        gate.withLock { $0.held && $0.allowance == 0 }
    }
}
