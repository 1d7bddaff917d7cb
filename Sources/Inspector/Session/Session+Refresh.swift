import Glibc
import TcpModel
import TlsLayer

/// What the poller does: react to readiness, and refresh what the kernel says about the
/// streams a person is watching while they change.
extension Session {
    func handle(_ batch: [Poller.Readiness]) {
        for readiness in batch {
            if readiness.key & (1 << 62) != 0 {
                let id = ListenerID(Int(readiness.key & ~(1 << 62)))
                guard let entry = listenerEntry(id) else { continue }
                entry.queue.async { [weak self] in self?.acceptPending(entry) }
                continue
            }
            guard let entry = entry(StreamID(Int(readiness.key))) else { continue }
            if readiness.peerClosed || readiness.hangUp || readiness.error {
                let ending = ConnectionEnding(readiness: readiness, info: try? entry.stream.tcpInfo())
                updateStream(entry.id) { s in
                    if ending.peerSentFin { s.peerClosed = true }
                    if readiness.hangUp { s.hangUp = true }
                    if readiness.error { s.errorPending = true }
                    if ending.timedOut { s.timedOut = true }
                    s.lastChange = clock.now
                }
            }
            if let direction = entry.relay.withLock({ $0 }) {
                if readiness.readable || readiness.peerClosed || readiness.hangUp || readiness.error {
                    if direction.isHeldShut {
                        // Held: the bytes stay queued, and show as peeked.
                        refreshReadSide(entry)
                        refreshKernelView(entry)
                    } else {
                        scheduleForward(direction)
                    }
                } else if readiness.writable {
                    refreshKernelView(entry)
                }
            } else if entry.following.load(ordering: .relaxed) {
                if readiness.readable || readiness.peerClosed || readiness.hangUp || readiness.error { scheduleDrain(entry) }
            } else if readiness.readable || readiness.peerClosed || readiness.hangUp || readiness.error {
                refreshReadSide(entry)
                refreshKernelView(entry)
            } else if readiness.writable {
                refreshKernelView(entry)
            }
        }
    }

    /// Peeks the kernel's receive queue (MSG_PEEK|MSG_DONTWAIT: consumes nothing, never
    /// blocks) and counts it (SIOCINQ). A peek that a concurrent read overtook is dropped, so
    /// the view never shows consumed bytes as still waiting.
    ///
    /// Looks at one stream come from several threads (the poller on readiness, a connect that
    /// registers the stream, a read's queue). Unserialized, one that started first could
    /// publish last: an empty queue seen just before the bytes arrived would then stay on
    /// screen, since edge-triggered epoll reports those bytes once. So each look holds the
    /// stream's `looking` lock from its first system call to its publishing.
    func refreshReadSide(_ entry: StreamEntry) {
        guard !entry.following.load(ordering: .relaxed) else { return }
        entry.looking.withLock { _ in lookAtReadSide(entry) }
    }

    private func lookAtReadSide(_ entry: StreamEntry) {
        let generation = entry.consumeGeneration.load(ordering: .acquiring)
        let window = configuration.peekWindow
        var peekError: SocketError?
        // recv takes a pending socket error (a reset) even with MSG_PEEK, and the person's next
        // read would then see end of stream instead of ECONNRESET. So look first, and leave
        // a pending error for `read` or `error` to take.
        var pfd = pollfd(fd: entry.stream.fileDescriptor, events: Int16(POLLIN), revents: 0)
        let errorPending = poll(&pfd, 1, 0) > 0 && pfd.revents & Int16(POLLERR) != 0
        // The owner of an attached socket may have set SO_PEEK_OFF: a peek would move its offset.
        let mayPeek = entry.owner == nil || ((try? entry.stream.peekOffset()) ?? 0) < 0
        let peeked = errorPending || !mayPeek ? [] : [UInt8](unsafeUninitializedCapacity: window) { buffer, count in
            do throws(SocketError) {
                count = try entry.stream.tryPeek(into: UnsafeMutableRawBufferPointer(buffer)) ?? 0
            } catch {
                peekError = error
                count = 0
            }
        }
        let toRead = (try? entry.stream.pendingReadBytes()) ?? 0
        let totals = entry.received.totals
        // On a TLS stream the kernel's bytes are records: the view shows their headers, and as
        // waiting bytes the plaintext decrypted but not yet read.
        let tls = entry.tls.with { connection in
            TlsLook(pending: connection.pendingBytes(limit: window), partial: connection.holdsPartialRecord)
        }
        var records: TlsRecordScan?
        if let tls {
            if tls.partial {
                records = TlsRecordScan()
                records?.startsMidRecord = true
            } else {
                records = TlsRecordScan.scan(peeked)
            }
        }
        mutate { s in
            guard entry.consumeGeneration.load(ordering: .acquiring) == generation,
                  var snap = s.snapshot.streams[entry.id], snap.closed == nil else { return }
            snap.peeked = tls?.pending ?? peeked
            snap.tlsRecords = records
            snap.peekOffset = totals.total
            snap.receivedTotals = totals
            snap.queues.toRead = toRead
            if errorPending { snap.errorPending = true }
            if let peekError, peekError.kind != .wouldBlock {
                // Only when an error landed between the look and the peek: say who took it.
                snap.lastError = "the poller's peek received \(peekError)"
            }
            snap.lastChange = clock.now
            s.snapshot.streams[entry.id] = snap
        }
    }

    /// TCP_INFO and the queue lengths, with a sample for the sparklines; serialized with the
    /// other looks at the stream (see `refreshReadSide`).
    func refreshKernelView(_ entry: StreamEntry) {
        entry.looking.withLock { _ in lookAtKernel(entry) }
    }

    private func lookAtKernel(_ entry: StreamEntry) {
        let info = try? entry.stream.tcpInfo()
        var queues = QueueLengths()
        queues.toRead = (try? entry.stream.pendingReadBytes()) ?? 0
        queues.unacked = (try? entry.stream.pendingWriteBytes()) ?? 0
        queues.unsent = (try? entry.stream.unsentWriteBytes()) ?? 0
        let received = entry.received.totals
        let sent = entry.sent.totals
        updateStream(entry.id) { s in
            // TCP_INFO's "time since" fields tick on an idle connection: they are no change.
            let changed = s.info?.activity != info?.activity || s.queues != queues
            s.info = info
            s.queues = queues
            s.receivedTotals = received
            s.sentTotals = sent
            if let info {
                s.rttHistory.add(Double(info.rtt.wholeMicroseconds))
            }
            s.toReadHistory.add(Double(queues.toRead))
            if changed { s.lastChange = clock.now }
        }
    }

    /// Runs before every poller wait: refreshes the watched streams (the selected one and its
    /// other end) while they are changing, a few times a second. Returns how long the poller
    /// may sleep: forever when nothing is changing.
    func tick() -> Duration? {
        let now = clock.now
        let interval = configuration.refreshInterval
        var connecting: ConnectAttempt?
        let (due, active) = state.withLock { s -> ([StreamEntry], Bool) in
            guard let selected = s.snapshot.selectedStream, selected.closed == nil else { return ([], false) }
            var watched = [selected]
            if let partner = s.snapshot.partner(of: selected) { watched.append(partner) }
            let active = watched.contains { w in
                w.readSide != nil || w.pendingWrite != nil || w.follow || w.queues.unacked > 0 || now - w.lastChange < configuration.quietAfter
                    || Self.kernelTimerRunning(w)
            } || !s.snapshot.connecting.isEmpty
            guard active else { return ([], false) }
            if let last = s.lastRefresh, now - last < interval { return ([], true) }
            s.lastRefresh = now
            // A stream still connecting has no entry yet: its SYN retransmits are read here.
            connecting = s.connects[selected.id]
            return (watched.compactMap { s.streams[$0.id] }, true)
        }
        for entry in due { refreshKernelView(entry) }
        if let attempt = connecting, let info = attempt.socket.withLock({ $0.flatMap { try? $0.tcpInfo() } }) {
            updateStream(attempt.id) { s in if s.connect != nil { s.info = info } }
        }
        guard active else { return nil }
        let since = state.withLock { $0.lastRefresh }.map { now - $0 } ?? .zero
        return max(.milliseconds(1), interval - since)
    }

    /// The kernel changes a stream with no epoll event when a timer of its own fires: keepalive
    /// probes on an idle connection, and probes or retransmissions backing off. While one can,
    /// the watched stream stays refreshed, or the Kernel pane would freeze on the last change.
    static func kernelTimerRunning(_ s: StreamSnapshot) -> Bool {
        if s.options[.keepalive] == .value(.flag(true)) { return true }
        guard let info = s.info else { return false }
        return info.probes > 0 || info.backoff > 0 || info.retransmits > 0
    }
}

extension TcpInfo {
    /// The fields that move only when something happens on the connection.
    var activity: [UInt64] {
        [UInt64(stateNumber), UInt64(segmentsIn), UInt64(segmentsOut), UInt64(totalRetransmits), UInt64(probes),
         UInt64(backoff), UInt64(unacked), UInt64(sendCongestionWindow), bytesReceived, bytesAcked]
    }
}

/// What a look at a TLS stream found in OpenSSL: plaintext decrypted and not read, and whether
/// it holds part of a record.
private struct TlsLook: Sendable {
    var pending: [UInt8]
    var partial: Bool
}
