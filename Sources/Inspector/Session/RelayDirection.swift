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

    init(source: StreamEntry, target: StreamEntry, closesAtEnd: Bool) {
        self.source = source
        self.target = target
        self.closesAtEnd = closesAtEnd
    }

    /// Stops this direction: no new pass, and a pass blocked on the target's window ends.
    func stop() {
        stopped.store(true, ordering: .releasing)
        stopSignal.cancel()
    }

    /// Whether nothing may be forwarded now (held with no step left).
    var isHeldShut: Bool {
        gate.withLock { $0.held && $0.allowance == 0 }
    }
}
