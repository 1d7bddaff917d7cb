import TcpModel

/// What scripts use to wait for the network and check what it said.
extension Session {
    /// `wait readable|bytes N|closed|accepted|joined [timeout=DUR]` on a stream (a listener for
    /// `accepted`). Blocks the caller, never a stream's queue.
    func wait(_ condition: WaitCondition, on target: EntryID?, timeout: Duration?) -> Outcome {
        let limit = timeout ?? configuration.defaultWaitTimeout
        let deadline = clock.now + limit
        let begin = clock.now
        let args = condition.text + (timeout.map { " timeout=\(DurationText.format($0))" } ?? "")

        if case .accepted = condition {
            return waitAccepted(on: target, deadline: deadline, args: args, limit: limit)
        }
        guard case .stream(let id) = target else {
            return .failure("wait \(condition.text): needs a stream (select one, or prefix the line with s1:)")
        }
        guard let entry = entry(id) else {
            return .failure(closedRefusal(.wait(condition, timeout: timeout), id) ?? "wait: \(id) is not open (\(openEntriesText()))")
        }
        // A wait for data belongs to the read side: `cancel` ends it with the read.
        let mark = entry.readCancel.mark
        let pending = PendingOperation(op: "wait", args: args, started: begin)
        setPendingWait(id, pending, replacing: nil)
        defer { setPendingWait(id, nil, replacing: pending) }
        var wasCancelled = false
        let met = waitUntil(deadline) { s in
            if entry.readCancel.isCancelled(since: mark) {
                wasCancelled = true
                return true
            }
            guard let snap = s.snapshot.streams[id], snap.closed == nil else { return true }  // closed: stop waiting
            return Session.holds(condition, snap)
        }
        if wasCancelled {
            return cancelled(id, "wait", args, since: begin, detail: "nothing was consumed")
        }
        let snap = state.withLock { $0.snapshot.streams[id] }.flatMap { $0.closed == nil ? $0 : nil }
        let elapsed = clock.now - begin
        let got = snap.map { Session.waitState($0) } ?? "closed"
        if met && snap != nil {
            let event = record(Event(entry: .stream(id), op: "wait", args: args, value: got, elapsed: elapsed))
            return .success("\(id) \(condition.text): \(got)", event)
        }
        let why = snap == nil ? "\(id) was closed" : "timed out after \(DurationText.format(limit)) (\(got))"
        let event = record(Event(entry: .stream(id), op: "wait", args: args, ok: false, error: why, elapsed: elapsed))
        return .failure("\(id) wait \(condition.text): \(why)", event)
    }

    /// Shows a wait as running on the stream's read side; `replacing` is the wait that ends, so
    /// a later wait that overlapped it stays shown.
    private func setPendingWait(_ id: StreamID, _ pending: PendingOperation?, replacing old: PendingOperation?) {
        mutate { s in
            guard var snap = s.snapshot.streams[id] else { return }
            if pending == nil && snap.pendingWait != old { return }
            s.snapshot.pendingCount += (pending != nil ? 1 : 0) - (snap.pendingWait != nil ? 1 : 0)
            snap.pendingWait = pending
            s.snapshot.streams[id] = snap
        }
    }

    static func holds(_ condition: WaitCondition, _ s: StreamSnapshot) -> Bool {
        let gone = s.peerClosed || s.hangUp || s.errorPending || s.endOfStream
        switch condition {
        case .readable:
            return s.queues.toRead > 0 || gone
        case .bytes(let n):
            // In follow mode the bytes are read as they come: count what was received.
            return s.follow ? s.receivedTotals.total >= UInt64(n) : s.queues.toRead >= n
        case .closed:
            // Following, "closed" means every byte the kernel will give has been read, up to
            // the end of stream or the error after it. A hang-up or an error flag says nothing
            // of that: after a reset Linux still hands out every byte queued before it.
            return s.follow ? (s.readEnd != nil || s.endOfStream) : gone
        case .accepted:
            return false
        case .joined:
            return s.join != nil
        }
    }

    static func waitState(_ s: StreamSnapshot) -> String {
        var parts = ["\(s.queues.toRead) waiting", "\(s.receivedTotals.total) read"]
        if s.peerClosed { parts.append("peer closed") }
        // Following, the end is said with its count below instead.
        if s.endOfStream && s.readEnd == nil { parts.append("end of stream") }
        if s.hangUp { parts.append("hung up") }
        if s.timedOut {
            parts.append(s.errorPending ? "timed out (ETIMEDOUT pending)" : "timed out (ETIMEDOUT)")
        } else if s.errorPending {
            parts.append("error pending")
        }
        if let end = s.readEnd { parts.append(end) }
        return parts.joined(separator: ", ")
    }

    /// Waits for the next connection `wait accepted` has not handed out yet, and selects it.
    private func waitAccepted(on target: EntryID?, deadline: ContinuousClock.Instant, args: String, limit: Duration) -> Outcome {
        let listener: ListenerID? = state.withLock { s in
            if case .listener(let id) = target { return id }
            return s.snapshot.listenerOrder.last
        }
        guard let lid = listener, listenerEntry(lid) != nil else {
            return .failure("wait accepted: no listener is open (open one with listen)")
        }
        let begin = clock.now
        var claimed: StreamID?
        _ = waitUntil(deadline) { s in
            let claims = s.acceptClaims[lid, default: 0]
            let accepted = s.acceptedStreams[lid, default: []]
            // The id is handed out a moment before the stream is registered; wait for both.
            guard accepted.count > claims, s.streams[accepted[claims]] != nil else { return s.listeners[lid] == nil }
            claimed = accepted[claims]
            s.acceptClaims[lid] = claims + 1
            return true
        }
        guard let id = claimed else {
            let event = record(Event(entry: .listener(lid), op: "wait", args: args, ok: false,
                                     error: "timed out after \(DurationText.format(limit)): no new connection", elapsed: clock.now - begin))
            return .failure("\(lid) wait accepted: timed out after \(DurationText.format(limit))", event)
        }
        mutate { s in
            if s.streams[id] != nil { s.snapshot.selected = .stream(id) }
        }
        let event = record(Event(entry: .listener(lid), op: "wait", args: args, value: "\(id)", elapsed: clock.now - begin))
        return .success("\(lid) accepted \(id) (selected)", event)
    }

    /// `expect text "..."` / `expect hex ...`: compares with what the last read or peek returned.
    /// `target` is the stream `expect received` looks at.
    func expect(_ expectation: Expectation, target: EntryID?) -> Outcome {
        let (wanted, args): ([UInt8], String)
        switch expectation {
        case .text(let bytes): (wanted, args) = (bytes, "text " + ExpectPreview.text(bytes))
        case .hex(let bytes): (wanted, args) = (bytes, "hex " + ExpectPreview.hex(bytes))
        case .error(let name): return expectError(name)
        case .elapsed(let over, let limit): return expectElapsed(over: over, limit)
        case .received(let bytes): return expectReceived(bytes, target: target)
        case .contains(let bytes): return expectInLastRead(contains: bytes)
        case .matches(let pattern): return expectInLastRead(matching: pattern)
        case .closed: return expectClosed(target: target)
        }
        let got = state.withLock { $0.lastRead }
        guard let got else {
            let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: "nothing has been read yet"))
            return .failure("expect: nothing has been read yet (read or peek first)", event)
        }
        if got == wanted {
            let event = record(Event(entry: nil, op: "expect", args: args, bytes: got, value: "matched"))
            return .success("expect: matched \(HumanText.count(got.count, "byte"))", event)
        }
        let why = "expected \(ExpectPreview.text(wanted)) but the last read returned \(ExpectPreview.text(got))"
        let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why, bytes: got))
        return .failure("expect: \(why)", event)
    }
}

extension Session {
    /// `expect error ENAME|none`: the errno the command before this one failed with.
    private func expectError(_ name: String) -> Outcome {
        let args = "error \(name)"
        guard let last = state.withLock({ $0.lastResult }) else {
            let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: "no command has run yet"))
            return .failure("expect: no command has run yet", event)
        }
        let got = last.ok ? "none" : (last.event?.errnoName ?? "no errno (\(last.message))")
        if got == name {
            let event = record(Event(entry: nil, op: "expect", args: args, value: "matched"))
            return .success("expect: the last command's error was \(name)", event)
        }
        let why = "expected error \(name) but the last command " + (last.ok ? "succeeded" : "failed with \(got)")
        let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why))
        return .failure("expect: \(why)", event)
    }
}

extension Session {
    /// `expect elapsed over|under DUR`: the time the command before this one measured (a wait
    /// measures how long it waited), compared with DUR.
    private func expectElapsed(over: Bool, _ limit: Duration) -> Outcome {
        let bound = "\(over ? "over" : "under") \(DurationText.format(limit))"
        let args = "elapsed \(bound)"
        guard let last = state.withLock({ $0.lastResult }) else {
            let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: "no command has run yet"))
            return .failure("expect: no command has run yet", event)
        }
        guard let event = last.event, let took = event.elapsed else {
            let why = "the last command measured no time (wait, read and connect do)"
            let failed = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why))
            return .failure("expect: \(why)", failed)
        }
        let call = EventText.call(event)
        let tookText = "\(call) took \(TcpInfoText.micros(took))"
        if over ? took > limit : took < limit {
            let done = record(Event(entry: nil, op: "expect", args: args, value: "matched: \(tookText)"))
            return .success("expect: \(tookText), \(bound)", done)
        }
        let why = "expected \(bound) but \(tookText)"
        let failed = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why))
        return .failure("expect: \(why)", failed)
    }

    /// `expect received TEXT`: every byte the stream has received so far, read or followed.
    private func expectReceived(_ wanted: [UInt8], target: EntryID?) -> Outcome {
        let args = "received " + ExpectPreview.text(wanted)
        guard case .stream(let id) = target else {
            return .failure("expect received: needs a stream (select one, or prefix the line with s1:)")
        }
        guard let entry = entry(id) else { return .failure("expect received: \(id) is not open (\(openEntriesText()))") }
        let totals = entry.received.totals
        guard totals.dropped == 0 else {
            let why = "\(totals.total) bytes were received, more than the capture holds (\(totals.held))"
            let event = record(Event(entry: .stream(id), op: "expect", args: args, ok: false, error: why))
            return .failure("expect: \(why)", event)
        }
        let got = entry.received.bytes(in: 0..<totals.total).bytes
        if got == wanted {
            let event = record(Event(entry: .stream(id), op: "expect", args: args, bytes: got, value: "matched"))
            return .success("expect: \(id) received \(HumanText.count(got.count, "byte")) as expected", event)
        }
        let why = "expected \(id) to have received \(ExpectPreview.text(wanted)) but it received \(ExpectPreview.text(got))"
        let event = record(Event(entry: .stream(id), op: "expect", args: args, ok: false, error: why, bytes: got))
        return .failure("expect: \(why)", event)
    }
}

extension WaitCondition {
    var text: String {
        switch self {
        case .readable: "readable"
        case .bytes(let n): "bytes \(n)"
        case .closed: "closed"
        case .accepted: "accepted"
        case .joined: "joined"
        }
    }
}
