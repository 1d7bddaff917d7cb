import Dispatch
import Glibc
import TcpModel

/// How a joined pair ends, faithfully: a FIN from one side becomes `shutdown write` on the
/// other, an RST (or a failed write) an RST on the other (linger 0, then close), and a pair whose
/// directions have both ended closes. Each is logged on both streams, the cause first.
extension Session {
    /// The source's peer sent FIN: the target shuts its write side down (the other direction
    /// goes on). Logged on both streams, the cause first.
    func relayFin(_ direction: RelayDirection) {
        let source = direction.source, target = direction.target
        guard !direction.finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let total = source.received.totals.total
        updateStream(source.id) { s in
            s.endOfStream = true
            s.peerClosed = true
            s.readEnd = "end of stream after \(total) bytes"
        }
        record(Event(entry: .stream(source.id), op: "relay", args: "fin",
                     value: "FIN from the peer after \(total) bytes: shutdown write on \(target.id)"))
        // Behind delayed bytes, the FIN waits its turn.
        let delaying = direction.gate.withLock { $0.delay }
        let queued = direction.delayed.withLock { !$0.chunks.isEmpty }
        if delaying != nil || queued {
            enqueueDelayed(nil, offset: total, due: clock.now + (delaying ?? .zero), direction)
            return
        }
        shutdownTarget(direction)
    }

    /// The FIN's effect on the target: `shutdown write`, logged as relayed; a relayed pair
    /// whose other direction ended too closes.
    func shutdownTarget(_ direction: RelayDirection) {
        let source = direction.source, target = direction.target
        var failure: SocketError?
        _ = recordCause {
            do throws(SocketError) {
                try target.stream.shutdown(.write)
                return Event(entry: .stream(target.id), op: "shutdown", args: "write", value: "write (FIN relayed from \(source.id))")
            } catch {
                failure = error
                return Event(entry: .stream(target.id), op: "shutdown", args: "write", ok: false,
                             error: "relaying the FIN from \(source.id): \(error)", errnoName: error.errnoName)
            }
        }
        if failure == nil { markShutdown(.write, socketKey: target.socketKey) }
        refreshKernelView(target)
        direction.finSent.store(true, ordering: .sequentiallyConsistent)
        let reverse = target.relay.withLock { $0 }
        if direction.closesAtEnd, reverse?.finSent.load(ordering: .sequentiallyConsistent) == true {
            closePair(direction, reason: "both ends sent FIN")
        }
    }

    /// `from`'s connection was reset (or failed): the other stream is reset too (SO_LINGER 0,
    /// then close), and both close. Logged on both streams.
    func relayReset(from broken: StreamEntry, to other: StreamEntry, error: SocketError) {
        stopJoin(broken)
        let name = error.errnoName ?? error.kind.description
        record(Event(entry: .stream(broken.id), op: "relay", args: "reset", ok: false,
                     error: "\(error): resetting \(other.id)", errnoName: error.errnoName))
        resetAndClose(other, why: "RST relayed from \(broken.id) (\(name))")
        closeStream(broken)
    }

    /// SO_LINGER 0 and close: the kernel sends RST instead of FIN.
    func resetAndClose(_ entry: StreamEntry, why: String) {
        var failure: SocketError?
        _ = recordCause {
            do throws(SocketError) {
                try entry.stream.setLinger(.zero)
                return Event(entry: .stream(entry.id), op: "reset", value: why)
            } catch {
                failure = error
                return Event(entry: .stream(entry.id), op: "reset", ok: false, error: "\(why): set linger 0: \(error)",
                             errnoName: error.errnoName)
            }
        }
        _ = failure
        closeStream(entry)
    }

    /// Closes a stream as `close` does, without the check for pending calls (the pair was
    /// stopped, so what is pending ends): on the write side, then the read side.
    func closeStream(_ entry: StreamEntry) {
        entry.writeQueue.async { [weak self] in
            entry.readQueue.sync {
                guard let self, self.entry(entry.id) != nil else { return }
                _ = self.close(entry, args: "")
            }
        }
    }

    /// A relayed pair whose both directions ended: both close, as a proxy's do.
    private func closePair(_ direction: RelayDirection, reason: String) {
        stopJoin(direction.source)
        closeStream(direction.source)
        closeStream(direction.target)
    }
}
