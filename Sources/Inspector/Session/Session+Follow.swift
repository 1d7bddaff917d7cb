import CSocket
import Glibc
import TcpModel
import TlsLayer

/// Follow mode: read everything that arrives, straight into the capture ring.
extension Session {
    func scheduleDrain(_ entry: StreamEntry) {
        guard !entry.drainScheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        entry.readQueue.async { [weak self] in self?.drain(entry) }
    }

    /// Reads until the kernel has nothing more, receiving straight into the ring's free space
    /// (no copy, no allocation per read). Short quiet gaps are waited out here with poll(2), so
    /// a fast sender keeps one thread hot instead of a wake-up chain per read; any other
    /// command on this stream makes it yield at once.
    ///
    /// While it reads, the poller is not told of arrivals: this loop sees them itself, and an
    /// input edge per arriving segment would wake the poller's thread (on a two-core machine,
    /// the sender's core) thousands of times a second for nothing.
    func drain(_ entry: StreamEntry) {
        entry.drainScheduled.store(false, ordering: .releasing)
        let stream = entry.stream
        if let error = poller.rearm(stream.fileDescriptor, key: entry.pollKey, .streamBeingDrained) {
            watchFailed(.stream(entry.id), error)
        }
        let chunk = configuration.followChunk
        var lastPublish = clock.now
        var ended = false
        var failure: SocketError?
        let (transcript, raw) = state.withLock { ($0.transcript, $0.rawSink) }
        // A TLS stream's reads are plaintext (so marked in the transcript).
        let tlsActive = entry.tls.isActive
        // This queue is the ring's only writer, so the stream offset of the next byte can be
        // kept here instead of asking the ring (and taking its lock) on every read.
        var offset = entry.received.totals.total
        // A read that got less than it asked for most likely emptied the queue: the next step
        // is then to wait with poll(2), not a recv that would only say EAGAIN. When the sender
        // is the slower side that saves a system call (and a socket lock) per burst.
        var queueEmptied = false
        reading: while entry.following.load(ordering: .relaxed), entry.waitingOps.load(ordering: .relaxed) == 0 {
            if queueEmptied {
                // Wait briefly for more before handing the thread back.
                var pfd = pollfd(fd: stream.fileDescriptor, events: Int16(POLLIN) | CSOCK_POLLRDHUP, revents: 0)
                if poll(&pfd, 1, 5) <= 0 { break reading }
            }
            var asked = 0
            // nil: nothing was queued (EAGAIN). Kept apart from `failure`, so the common path
            // builds no Result and copies no error value.
            var got: Int?
            entry.received.receive(maxLength: chunk) { space in
                asked = space.count
                do throws(SocketError) {
                    got = try entry.readNow(into: space)
                } catch {
                    failure = error
                    return 0
                }
                guard let n = got, n > 0 else { return 0 }
                let bytes = UnsafeRawBufferPointer(rebasing: space[..<n])
                raw?.write(bytes)
                transcript?.writeFollow(entry.id, offset: offset, bytes: bytes, time: clock.now - started, plaintext: tlsActive)
                return n
            }
            if failure != nil { break reading }
            guard let n = got else {
                queueEmptied = true
                continue
            }
            if n == 0 {
                ended = true
                break reading
            }
            offset += UInt64(n)
            // A TLS read returns one record at most, so a short one says nothing of the queue:
            // only a read that finds nothing (nil, above) sends a TLS stream to poll(2).
            queueEmptied = !tlsActive && n < asked
            if clock.now - lastPublish > .milliseconds(4) {
                publishFollow(entry)
                lastPublish = clock.now
            }
        }
        // The stream is quiet or the pass yields: what the transcript holds goes to its file.
        transcript?.flush()
        // Arrivals go back to the poller. The change re-checks readiness, so bytes that came
        // after the last read wake it at once. Past the end, input is ready for good: leave it
        // out, or every hand-back would start another drain that reads the end again.
        if let error = poller.rearm(stream.fileDescriptor, key: entry.pollKey, ended ? .streamAtEnd : .stream) {
            watchFailed(.stream(entry.id), error)
        }
        if ended || failure != nil {
            finishFollow(entry, failure: failure)
        } else {
            publishFollow(entry)
        }
    }

    /// The stream gave its last byte: a read returned the end of stream, or failed (a reset
    /// comes after every byte still queued: Linux hands those out first). Logged first, then
    /// published in one change with `readEnd`, which is what `wait closed` waits for in
    /// follow mode: so the wait returns only after the last byte was read and saved, and after
    /// the Log says how the stream ended.
    private func finishFollow(_ entry: StreamEntry, failure: SocketError?) {
        let total = entry.received.totals.total
        let end = "\(failure.map { $0.errnoName ?? $0.kind.description } ?? "end of stream") after \(total) bytes"
        let already = state.withLock { s in s.snapshot.streams[entry.id].map { $0.endOfStream || $0.readEnd != nil } ?? true }
        if let failure {
            entry.following.store(false, ordering: .relaxed)
            record(Event(entry: .stream(entry.id), op: "follow", args: "", ok: false, error: "\(end): \(failure); follow is off",
                         errnoName: failure.errnoName))
        } else if !already {
            record(Event(entry: .stream(entry.id), op: "follow", args: "", value: end))
        }
        publishFollow(entry) { s in
            if s.readEnd == nil { s.readEnd = end }
            if let failure {
                s.follow = false
                s.lastError = failure.description
                // The read took the error: SO_ERROR holds nothing any more.
                s.errorPending = false
            } else {
                s.endOfStream = true
                // The poller may never see the half-close: the end can be read and input
                // handed back without it before the poller looks.
                s.peerClosed = true
            }
        }
    }

    private func publishFollow(_ entry: StreamEntry, _ change: (inout StreamSnapshot) -> Void = { _ in }) {
        entry.consumeGeneration.add(1, ordering: .releasing)
        // A look at the queue like the poller's, and ordered with them (see refreshReadSide).
        entry.looking.withLock { _ in publishFollowLook(entry, change) }
    }

    private func publishFollowLook(_ entry: StreamEntry, _ change: (inout StreamSnapshot) -> Void) {
        let totals = entry.received.totals
        let toRead = (try? entry.stream.pendingReadBytes()) ?? 0
        updateStream(entry.id) { s in
            s.receivedTotals = totals
            s.queues.toRead = toRead
            s.peeked = []
            if s.tls != nil { s.tlsRecords = TlsRecordScan() }
            s.peekOffset = totals.total
            change(&s)
            s.lastChange = clock.now
        }
    }
}
