import Dispatch
import Glibc
import TcpModel

/// `rate` and `delay` on a joined pair's direction: a token bucket that leaves what it does not
/// let through in the kernel, and a delay line on the target's write side that a FIN waits behind.
extension Session {
    /// How much the rate lets the pass read now (0: wait), and whether a delay is set.
    func rateLimit(_ direction: RelayDirection) -> (Int, Bool) {
        let now = clock.now
        return direction.gate.withLock { gate -> (Int, Bool) in
            guard let rate = gate.rate else {
                gate.filled = nil
                return (Session.relayChunk, gate.delay != nil)
            }
            // A bucket of a twentieth of a second: smooth, and at least one byte.
            let burst = max(1.0, Double(rate) / 20)
            let elapsed = gate.filled.map { now - $0 } ?? .zero
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            gate.tokens = min(burst, gate.tokens + seconds * Double(rate))
            gate.filled = now
            return (gate.tokens >= 1 ? Int(gate.tokens) : 0, gate.delay != nil)
        }
    }

    /// Sleeps up to `duration`; a stop ends it at once.
    func pause(_ direction: RelayDirection, _ duration: Duration) {
        _ = direction.stopSignal.wait(for: -1, events: 0, until: clock.now + duration, since: 0)
    }

    /// Puts a chunk read at `offset` in the delay line, due after the delay.
    func delay(_ bytes: UnsafeRawBufferPointer, offset: UInt64, _ direction: RelayDirection) {
        let delay = direction.gate.withLock { $0.delay } ?? .zero
        enqueueDelayed(Array(bytes), offset: offset, due: clock.now + delay, direction)
    }

    func enqueueDelayed(_ bytes: [UInt8]?, offset: UInt64, due: ContinuousClock.Instant, _ direction: RelayDirection) {
        direction.delayed.withLock { line in
            line.chunks.append((due: due, offset: offset, bytes: bytes))
            line.bytes += bytes?.count ?? 0
        }
        let wait = max(.zero, due - clock.now)
        let nanoseconds = Int(clamping: wait.components.seconds * 1_000_000_000 + wait.components.attoseconds / 1_000_000_000)
        direction.target.writeQueue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [weak self] in
            self?.sendDelayed(direction)
        }
    }

    /// On the target's write side: sends every chunk of the delay line that is due, in order
    /// (whichever timer runs it), and the FIN when its turn comes.
    private func sendDelayed(_ direction: RelayDirection) {
        let source = direction.source, target = direction.target
        let transcript = state.withLock { $0.transcript }
        var blocked = false
        defer { if blocked { setPending(target.id, .write, nil) } }
        while !direction.stopped.load(ordering: .acquiring) {
            let now = clock.now
            let next = direction.delayed.withLock { line -> (offset: UInt64, bytes: [UInt8]?)? in
                guard let first = line.chunks.first, first.due <= now else { return nil }
                line.chunks.removeFirst()
                line.bytes -= first.bytes?.count ?? 0
                return (first.offset, first.bytes)
            }
            guard let next else { break }
            guard let bytes = next.bytes else {
                shutdownTarget(direction)
                continue
            }
            let (count, error) = bytes.withUnsafeBytes { raw -> (Int, SocketError?) in
                let (count, error) = writeForwarded(raw, direction, blockedFirst: &blocked)
                let went = UnsafeRawBufferPointer(rebasing: raw[..<count])
                let toOffset = target.sent.totals.total
                if count > 0 { target.sent.append(went) }
                transcript?.writeRelay("forward", stream: source.id, to: target.id, offset: next.offset, toOffset: toOffset,
                                       bytes: went, time: clock.now - started)
                return (count, error)
            }
            transcript?.flush()
            publishForward(direction, forwarded: UInt64(count))
            if let error {
                relayReset(from: target, to: source, error: error)
                return
            }
        }
        refreshKernelView(target)
        // The pass may have stopped reading on a full line: let it look again.
        scheduleForward(direction)
    }
}
