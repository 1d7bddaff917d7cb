import Dispatch
import CSocket
import Glibc
import TcpModel

/// Forwarding on a joined pair: one pass at a time per direction, on the source's read side,
/// receiving into the source's capture ring and writing each chunk whole to the target on the
/// target's write side (or, with a delay, through the direction's delay line). A target whose window is full blocks the pass, so that direction
/// stops reading and the source's own window fills in turn: backpressure end to end.
extension Session {
    func scheduleForward(_ direction: RelayDirection) {
        guard !direction.stopped.load(ordering: .acquiring), !direction.finished.load(ordering: .acquiring),
              !direction.scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        direction.source.readQueue.async { [weak self] in self?.forward(direction) }
    }

    /// How one pass ended.
    private enum PassEnd {
        /// Nothing more to read now, held, stopped, or yielding to a command on the source.
        case quiet
        /// The source's peer sent FIN and every byte before it went.
        case endOfStream
        /// Reading the source failed (a reset): the error.
        case readFailed(SocketError)
        /// Writing to the target failed (its peer reset it): the error.
        case writeFailed(SocketError)
    }

    private func forward(_ direction: RelayDirection) {
        direction.scheduled.store(false, ordering: .releasing)
        let source = direction.source, target = direction.target
        // A pass queued before the end of stream was read finds nothing more to do.
        guard !direction.stopped.load(ordering: .acquiring), !direction.finished.load(ordering: .acquiring),
              entry(source.id) != nil else { return }
        if let error = poller.rearm(source.stream.fileDescriptor, key: source.pollKey, .streamBeingDrained) {
            watchFailed(.stream(source.id), error)
        }
        let transcript = state.withLock { $0.transcript }
        let chunk = Session.relayChunk
        // This queue is the ring's only writer: the offset of the next byte is kept here.
        var offset = source.received.totals.total
        var end = PassEnd.quiet
        var queueEmptied = false
        var lastPublish = clock.now
        var pending: (forwarded: UInt64, started: Bool) = (0, false)
        reading: while !direction.stopped.load(ordering: .relaxed), source.waitingOps.load(ordering: .relaxed) == 0 {
            if queueEmptied {
                // A short wait for more keeps one thread hot under a fast sender.
                var pfd = pollfd(fd: source.stream.fileDescriptor, events: Int16(POLLIN) | CSOCK_POLLRDHUP, revents: 0)
                if poll(&pfd, 1, 5) <= 0 { break reading }
            }
            // A rate or a full delay line: wait (briefly, so a command on the source or a stop
            // is seen) instead of reading.
            let (limit, delaying) = rateLimit(direction)
            if limit == 0 {
                pause(direction, .milliseconds(20))
                continue
            }
            let throughLine = delaying || direction.delayed.withLock { !$0.chunks.isEmpty }
            if throughLine, direction.delayed.withLock({ $0.bytes }) >= RelayDirection.delayLineBound {
                pause(direction, .milliseconds(5))
                continue
            }
            var got: Int?
            var failure: SocketError?
            var asked = 0
            var shut = false
            var written: (count: Int, error: SocketError?) = (0, nil)
            // Received straight into the source's capture ring, and forwarded from there: the
            // one copy a byte costs is into the target's sent ring.
            source.received.receive(maxLength: chunk) { space in
                let open = direction.gate.withLock { gate -> Bool in
                    // Stopped (unjoin, close) while this pass waited: read nothing more.
                    guard !direction.stopped.load(ordering: .acquiring) else { return false }
                    asked = min(limit, gate.held ? min(space.count, gate.allowance) : space.count)
                    guard asked > 0 else { return false }
                    do throws(SocketError) {
                        got = try source.stream.tryRead(into: UnsafeMutableRawBufferPointer(rebasing: space[..<asked]))
                    } catch {
                        failure = error
                    }
                    if gate.held, let n = got { gate.allowance -= n }
                    return true
                }
                guard open else {
                    shut = true
                    return 0
                }
                guard let n = got, n > 0 else { return 0 }
                let bytes = UnsafeRawBufferPointer(rebasing: space[..<n])
                if throughLine {
                    delay(bytes, offset: offset, direction)
                    written = (n, nil)
                    return n
                }
                // On the target's write side: a send typed there goes before or after this chunk.
                written = target.writeQueue.sync { () -> (Int, SocketError?) in
                    let (count, error) = writeForwarded(bytes, direction, blockedFirst: &pending.started)
                    let toOffset = target.sent.totals.total
                    let went = UnsafeRawBufferPointer(rebasing: bytes[..<count])
                    if count > 0 { target.sent.append(went) }
                    transcript?.writeRelay("forward", stream: source.id, to: target.id, offset: offset, toOffset: toOffset,
                                           bytes: went, time: clock.now - started)
                    return (count, error)
                }
                return n
            }
            if shut { break reading }
            if let failure {
                if failure.kind != .wouldBlock { end = .readFailed(failure) }
                break reading
            }
            guard let n = got else {
                queueEmptied = true
                continue
            }
            if n == 0 {
                end = .endOfStream
                break reading
            }
            offset += UInt64(n)
            source.consumeGeneration.add(1, ordering: .releasing)
            direction.gate.withLock { if $0.rate != nil { $0.tokens -= Double(n) } }
            // Delayed bytes are counted when they go.
            if !throughLine { pending.forwarded += UInt64(written.count) }
            if let error = written.error {
                end = .writeFailed(error)
                break reading
            }
            if written.count < n {
                // Stopped while waiting for room: what was read and could not go is said.
                record(Event(entry: .stream(source.id), op: "relay", args: "stopped", ok: false,
                             error: "\(n - written.count) bytes read here were not forwarded to \(target.id): "
                                 + "the pair was taken apart while \(target.id)'s window was full"))
                break reading
            }
            queueEmptied = n < asked
            if clock.now - lastPublish > .milliseconds(4) {
                publishForward(direction, forwarded: pending.forwarded)
                pending.forwarded = 0
                lastPublish = clock.now
            }
        }
        transcript?.flush()
        if pending.started { setPending(target.id, .write, nil) }
        if let error = poller.rearm(source.stream.fileDescriptor, key: source.pollKey, {
            if case .endOfStream = end { return .streamAtEnd }
            return .stream
        }()) {
            watchFailed(.stream(source.id), error)
        }
        publishForward(direction, forwarded: pending.forwarded)
        // Held bytes show as peeked, as on any stream.
        refreshReadSide(source)
        refreshKernelView(target)
        switch end {
        case .quiet:
            // Something arrived after the last look while the pass was ending, or a step came.
            if !direction.stopped.load(ordering: .acquiring), !direction.isHeldShut,
               source.waitingOps.load(ordering: .relaxed) == 0, (try? source.stream.pendingReadBytes()) ?? 0 > 0 {
                scheduleForward(direction)
            }
        case .endOfStream:
            relayFin(direction)
        case .readFailed(let error):
            relayReset(from: source, to: target, error: error)
        case .writeFailed(let error):
            relayReset(from: target, to: source, error: error)
        }
    }

    /// Writes all of `chunk` to the direction's target, waiting for room as a blocking send
    /// would; returns how much went and the error that stopped it. Runs on the target's write
    /// side. While it waits, the target's write side shows a `forward` pending.
    func writeForwarded(_ chunk: UnsafeRawBufferPointer, _ direction: RelayDirection,
                                blockedFirst: inout Bool) -> (Int, SocketError?) {
        let target = direction.target
        var done = 0
        while done < chunk.count {
            if direction.stopped.load(ordering: .relaxed) { return (done, nil) }
            do throws(SocketError) {
                if let n = try target.stream.tryWrite(from: UnsafeRawBufferPointer(rebasing: chunk[done...])) {
                    done += n
                    continue
                }
            } catch {
                return (done, error)
            }
            if !blockedFirst {
                blockedFirst = true
                setPending(target.id, .write, PendingOperation(op: "forward", args: "from \(direction.source.id)", started: clock.now))
            }
            switch direction.stopSignal.wait(for: target.stream.fileDescriptor, events: Int16(POLLOUT), until: nil, since: 0) {
            case .ready, .timedOut: continue
            case .cancelled: return (done, nil)
            case .failed(let code): return (done, SocketError(errno: code, call: "poll", detail: "waiting to forward"))
            }
        }
        return (done, nil)
    }

    /// Publishes what a pass moved: the source's read totals (nothing it read is waiting any
    /// more) and the target's sent totals.
    func publishForward(_ direction: RelayDirection, forwarded: UInt64) {
        let source = direction.source, target = direction.target
        let received = source.received.totals, sent = target.sent.totals
        let toRead = (try? source.stream.pendingReadBytes()) ?? 0
        let now = clock.now
        mutate { s in
            if var a = s.snapshot.streams[source.id], a.closed == nil {
                a.receivedTotals = received
                a.queues.toRead = toRead
                a.peeked = []
                a.peekOffset = received.total
                a.join?.forwarded += forwarded
                a.lastChange = now
                s.snapshot.streams[source.id] = a
            }
            if var b = s.snapshot.streams[target.id], b.closed == nil {
                b.sentTotals = sent
                b.lastChange = now
                s.snapshot.streams[target.id] = b
            }
        }
    }
}
