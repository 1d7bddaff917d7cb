import Dispatch
import Glibc
import TcpModel

/// Commands that act on one stream: on its read side, its write side, or at once.
extension Session {
    func runOnStream(_ entry: StreamEntry, _ command: Command, completion: @escaping @Sendable (Outcome) -> Void) {
        let args = command.argumentsText
        if let refusal = attachedRefusal(entry, command) {
            let event = record(Event(entry: .stream(entry.id), op: command.name, args: args, ok: false, error: refusal))
            completion(.failure(refusal, event))
            return
        }
        if case .close = command, let partner = stopJoin(entry, unmark: true) {
            record(Event(entry: .stream(entry.id), op: "unjoin", args: "", value: "\(entry.id) and \(partner.id) (closing \(entry.id))"))
        }
        guard let side = command.side else {
            // Calls that never block run at once, even while a read or send is blocked:
            // `cancel` and `shutdown read` are how a blocked call is ended, and options stay
            // readable.
            runDetached("\(entry.id).\(command.name)") { [self] in
                guard self.entry(entry.id) != nil else {
                    completion(.failure("\(command.name): \(entry.id) was closed before this ran"))
                    return
                }
                let outcome = command == .cancel ? cancel(entry) : perform(command, on: entry, args: args)
                commandRan(on: entry.id, outcome)
                completion(outcome)
            }
            return
        }
        if case .close = command, let busy = state.withLock({ s in s.snapshot.streams[entry.id].flatMap { $0.readSide ?? $0.pendingWrite } }) {
            let running = HumanText.duration(clock.now - busy.started)
            completion(.failure("close: \(entry.id) has a \(busy.op) pending (for \(running)); `cancel` (Esc) ends it, then close"))
            return
        }
        let signal = side == .write ? entry.writeCancel : entry.readCancel
        // Taken now: a cancel after this, while the call is queued or running, ends it.
        let mark = signal.mark
        if side == .read { entry.waitingOps.add(1, ordering: .relaxed) }
        let work: @Sendable () -> Void = { [self] in
            if side == .read { entry.waitingOps.subtract(1, ordering: .relaxed) }
            guard self.entry(entry.id) != nil else {
                completion(.failure("\(command.name): \(entry.id) was closed before this ran"))
                return
            }
            if signal.isCancelled(since: mark) {
                completion(cancelled(entry.id, command.name, args, since: clock.now, detail: "before it started"))
                return
            }
            let begin = clock.now
            setPending(entry.id, side, PendingOperation(op: command.name, args: args, started: begin))
            let outcome = perform(command, on: entry, args: args, mark: mark)
            setPending(entry.id, side, nil)
            commandRan(on: entry.id, outcome)
            completion(outcome)
            if entry.following.load(ordering: .relaxed) {
                scheduleDrain(entry)
            } else if let direction = entry.relay.withLock({ $0 }) {
                // A read or drop by hand held the forward pass off: let it look again.
                scheduleForward(direction)
            }
        }
        switch (command, side) {
        case (.close, _), (.starttls, _):
            // Close takes both sides in turn: a send given after it finds the stream closed,
            // as a read does. (The read side never waits for the write side: no deadlock.)
            entry.writeQueue.async { entry.readQueue.sync(execute: work) }
        case (_, .write): entry.writeQueue.async(execute: work)
        case (_, .read): entry.readQueue.async(execute: work)
        }
    }

    /// A command changed the stream, or may have (an option set turns on a kernel timer):
    /// the poller, which may be asleep on a quiet stream, looks again at what it must watch.
    private func commandRan(on id: StreamID, _ outcome: Outcome) {
        updateStream(id) { s in
            s.lastChange = clock.now
            if !outcome.ok { s.lastError = outcome.message }
        }
        poller.poke()
    }

    private func perform(_ command: Command, on entry: StreamEntry, args: String, mark: UInt64 = 0) -> Outcome {
        let id = EntryID.stream(entry.id)
        let stream = entry.stream
        let begin = clock.now
        switch command {
        case .read(let count):
            return readOrPeek(entry, count: count ?? configuration.defaultReadLength, consume: true, args: args, mark: mark)
        case .peek(let count):
            return readOrPeek(entry, count: count ?? configuration.defaultReadLength, consume: false, args: args, mark: mark)
        case .send(let payload):
            return send(payload, on: entry, args: args, mark: mark)
        case .set(let option, let value):
            return setOption(option, value, on: entry, args: args)
        case .get(let option):
            return getOptions(option, on: entry, args: args)
        case .shutdown(let how):
            // The peer may see the FIN (a followed end of stream) at once: log the shutdown first.
            var failure: SocketError?
            let event = recordCause {
                do throws(SocketError) {
                    try stream.shutdown(how)
                    return Event(entry: id, op: "shutdown", args: args, value: how.rawValue)
                } catch {
                    failure = error
                    return Event(entry: id, op: "shutdown", args: args, ok: false, error: error.description,
                                 errnoName: error.errnoName, elapsed: clock.now - begin)
                }
            }
            if let failure { return .failure("\(entry.id) shutdown: \(failure)", event) }
            markShutdown(how, socketKey: entry.socketKey)
            refreshReadSide(entry)
            refreshKernelView(entry)
            return .success("\(entry.id) shut down \(how)", event)
        case .clone:
            do throws(SocketError) {
                let copy = try stream.tryClone()
                let newID = mutate { s -> StreamID in
                    let n = StreamID(s.nextStream)
                    s.nextStream += 1
                    return n
                }
                let snap = register(copy, id: newID, origin: .clone(of: entry.id), select: false, socketKey: entry.socketKey)
                if let source = state.withLock({ $0.snapshot.streams[entry.id] }) {
                    updateStream(newID) { c in
                        c.follow = false
                        c.shutRead = source.shutRead
                        c.shutWrite = source.shutWrite
                    }
                }
                let value = "\(newID) (descriptor \(copy.fileDescriptor), same socket as \(entry.id))"
                let event = record(Event(entry: id, op: "clone", args: args, value: value))
                _ = snap
                return .success("cloned \(entry.id) as \(value)", event)
            } catch {
                return failed(id, "clone", args, error, since: begin)
            }
        case .close:
            return close(entry, args: args)
        case .error:
            do throws(SocketError) {
                let pending = try stream.takeError()
                updateStream(entry.id) { $0.errorPending = false }
                let value = pending?.description ?? "none"
                let event = record(Event(entry: id, op: "error", args: args, value: value))
                return .success("\(entry.id) pending error: \(value)", event)
            } catch {
                return failed(id, "error", args, error, since: begin)
            }
        case .follow(let on):
            entry.following.store(on, ordering: .relaxed)
            updateStream(entry.id) { s in
                s.follow = on
                if on { s.peeked = [] }
            }
            if !on { refreshReadSide(entry) }
            let event = record(Event(entry: id, op: "follow", args: args, value: on ? "on" : "off"))
            return .success("\(entry.id) follow \(on ? "on: every byte that arrives is read" : "off")", event)
        case .info:
            do throws(SocketError) {
                let info = try stream.tcpInfo()
                refreshKernelView(entry)
                var value = TcpInfoText.summary(info)
                if let tls = entry.tls.with({ $0.facts() }) {
                    value += " · " + tls.lines.map { "\($0.label) \($0.value)" }.joined(separator: " · ")
                    updateStream(entry.id) { $0.tls = tls }
                }
                let event = record(Event(entry: id, op: "info", args: args, value: value))
                return .success("\(entry.id) \(value)", event)
            } catch {
                return failed(id, "info", args, error, since: begin)
            }
        case .allowWrite:
            return allowWrite(entry)
        case .abort:
            return abort(entry)
        case .join(let other):
            return join(entry, with: other)
        case .unjoin:
            return unjoin(entry)
        case .hold(let on):
            return hold(on, entry, args: args)
        case .step(let count):
            return step(count, entry, args: args)
        case .drop(let count):
            return drop(count, entry, args: args)
        case .delay(let delay):
            return setDelay(delay, entry, args: args)
        case .rate(let rate):
            return setRate(rate, entry, args: args)
        case .starttls(let role):
            return startTls(role, on: entry, args: args, mark: mark)
        default:
            return .failure("\(command.name) does not act on a stream")
        }
    }

    /// `read N` is one recv(N) (one `read` call in Rust): it returns what is there, up to N,
    /// or waits for the kernel if nothing is, as the socket's mode and timeout say.
    private func readOrPeek(_ entry: StreamEntry, count: Int, consume: Bool, args: String, mark: UInt64) -> Outcome {
        let op = consume ? "read" : "peek"
        let begin = clock.now
        do throws(SocketError) {
            guard let bytes = try receive(on: entry, count: count, consume: consume, mark: mark) else {
                return cancelled(entry.id, op, args, since: begin, detail: "nothing was consumed")
            }
            let elapsed = clock.now - begin
            let clones = consume ? otherEntries(sharingSocketOf: entry) : []
            if consume {
                entry.consumeGeneration.add(1, ordering: .releasing)
                // A clone's look taken before this read must not publish after it either.
                for clone in clones { clone.consumeGeneration.add(1, ordering: .releasing) }
                entry.received.append(bytes)
                if let raw = state.withLock({ $0.rawSink }) { bytes.withUnsafeBytes { raw.write($0) } }
            }
            let totals = entry.received.totals
            mutate { s in
                s.lastRead = bytes
                if var snap = s.snapshot.streams[entry.id] {
                    snap.receivedTotals = totals
                    if bytes.isEmpty { snap.endOfStream = true }
                    s.snapshot.streams[entry.id] = snap
                }
            }
            refreshReadSide(entry)
            // The queue read from is every clone's queue too.
            for clone in clones { refreshReadSide(clone) }
            let value = bytes.isEmpty ? "0 (end of stream)" : "\(bytes.count)"
            var read = Event(entry: .stream(entry.id), op: op, args: args, bytes: bytes, value: value, elapsed: elapsed)
            read.plaintext = entry.tls.isActive
            let event = record(read)
            let what = bytes.isEmpty ? "end of stream" : "\(bytes.count) byte\(bytes.count == 1 ? "" : "s")"
            return .success("\(entry.id) \(op): \(what)", event)
        } catch {
            // A reset or other socket error is taken by the call that reports it.
            if error.kind != .wouldBlock {
                updateStream(entry.id) { s in
                    s.errorPending = false
                    s.readFailure = error.errnoName
                }
            }
            return failed(.stream(entry.id), op, args, error, since: begin)
        }
    }

    /// Marks an operation running (or finished) on one side of a stream, keeping the count
    /// the view polls.
    func setPending(_ id: StreamID, _ side: StreamSide, _ pending: PendingOperation?) {
        mutate { s in
            guard var snap = s.snapshot.streams[id] else { return }
            let before: PendingOperation?
            switch side {
            case .read: before = snap.pending; snap.pending = pending
            case .write: before = snap.pendingWrite; snap.pendingWrite = pending
            }
            s.snapshot.pendingCount += (pending != nil ? 1 : 0) - (before != nil ? 1 : 0)
            s.snapshot.streams[id] = snap
        }
        // The poller may be asleep without a timeout (nothing was changing): wake it, so it
        // refreshes the queues of a call that blocks (a send into a full window) while it does.
        if pending != nil { poller.poke() }
    }

    func close(_ entry: StreamEntry, args: String) -> Outcome {
        let id = entry.id
        // A pair being reset or closed: this side stops forwarding (and breaks the cycle of
        // references between the pair's entries).
        stopJoin(entry)
        if let error = poller.remove(entry.stream.fileDescriptor) { watchFailed(.stream(id), error) }
        // No drain may follow the close: it would re-arm a descriptor the poller no longer has.
        entry.following.store(false, ordering: .relaxed)
        // The last look at the kernel stays with the closed stream. The socket error the close
        // would discard says how the connection ended; a clone's socket lives on, so its
        // error is left to the clone.
        refreshReadSide(entry)
        refreshKernelView(entry)
        // An attached socket lives on in its owner, whose pending error is not ours to take.
        let shared = entry.owner != nil || !otherEntries(sharingSocketOf: entry).isEmpty
        let pending = shared ? nil : (try? entry.stream.takeError()) ?? nil
        let how = state.withLock { $0.snapshot.streams[id] }.map { StreamClosing.how($0, pending: pending) } ?? "closed here"
        // TLS says goodbye (close_notify) if the socket takes it now; it never waits for the peer's.
        _ = entry.tls.with { $0.closeNotify() }
        keepClosed(id, how: how)
        let event = record(Event(entry: .stream(id), op: "close", args: args))
        return .success(Session.closedMessage(id, how), event)
    }

    /// The entry to select after the one at `index` of the stream list went away.
    static func neighbour(in snapshot: Snapshot, at index: Int?) -> EntryID? {
        let order = snapshot.streamOrder
        if let index, !order.isEmpty {
            return .stream(order[min(index, order.count - 1)])
        }
        return snapshot.listenerOrder.last.map(EntryID.listener)
    }

    /// The other open entries on `entry`'s socket (its clones, or the one it was cloned from).
    func otherEntries(sharingSocketOf entry: StreamEntry) -> [StreamEntry] {
        state.withLock { s in
            s.streams.values.filter { $0.socketKey == entry.socketKey && $0.id != entry.id }
        }
    }

    /// Shutdown acts on the socket: every clone of it sees the same half closed.
    func markShutdown(_ how: Shutdown, socketKey: Int) {
        mutate { s in
            for id in s.snapshot.streamOrder {
                guard var snap = s.snapshot.streams[id], snap.socketKey == socketKey, snap.closed == nil else { continue }
                if how != .write { snap.shutRead = true }
                if how != .read { snap.shutWrite = true }
                s.snapshot.streams[id] = snap
            }
        }
    }

    /// Logs a failed call and returns its outcome.
    func failed(_ id: EntryID?, _ op: String, _ args: String, _ error: SocketError, since begin: ContinuousClock.Instant) -> Outcome {
        let event = record(Event(entry: id, op: op, args: args, ok: false, error: error.description,
                                 errnoName: error.errnoName, elapsed: clock.now - begin))
        let subject = id.map { "\($0) " } ?? ""
        return .failure("\(subject)\(op): \(error)", event)
    }

    // MARK: listeners

    func runOnListener(_ entry: ListenerEntry, _ command: Command, completion: @escaping @Sendable (Outcome) -> Void) {
        let args = command.argumentsText
        entry.queue.async { [self] in
            guard listenerEntry(entry.id) != nil else {
                completion(.failure("\(command.name): \(entry.id) was closed before this ran"))
                return
            }
            completion(perform(command, on: entry, args: args))
        }
    }

    private func perform(_ command: Command, on entry: ListenerEntry, args: String) -> Outcome {
        let id = EntryID.listener(entry.id)
        let begin = clock.now
        switch command {
        case .close:
            let watched = state.withLock { $0.snapshot.listeners[entry.id]?.accepting } ?? true
            if watched, let error = poller.remove(entry.listener.fileDescriptor) { watchFailed(id, error) }
            mutate { s in
                s.listeners[entry.id] = nil
                s.snapshot.listeners[entry.id] = nil
                s.snapshot.listenerOrder.removeAll { $0 == entry.id }
                if s.snapshot.selected == id {
                    s.snapshot.selected = s.snapshot.streamOrder.last.map(EntryID.stream) ?? s.snapshot.listenerOrder.last.map(EntryID.listener)
                }
            }
            // Closed now, not when the last reference to the entry goes (this closure holds
            // one): the port is free when `close` says so, and `listen l1` on the next line
            // can take it. Accepts queued behind this find the entry gone and do nothing.
            _ = Glibc.close(entry.listener.intoFileDescriptor())
            let event = record(Event(entry: id, op: "close", args: args))
            return .success("closed \(entry.id)", event)
        case .error:
            do throws(SocketError) {
                let value = try entry.listener.takeError()?.description ?? "none"
                let event = record(Event(entry: id, op: "error", args: args, value: value))
                return .success("\(entry.id) pending error: \(value)", event)
            } catch {
                return failed(id, "error", args, error, since: begin)
            }
        case .set(let option, let value) where ListenerOptions.supported.contains(option):
            return setListenerOption(option, value, on: entry, args: args)
        case .get(let option) where option.map(ListenerOptions.supported.contains) ?? true:
            return getListenerOptions(option, on: entry, args: args)
        default:
            let names = ListenerOptions.supported.map(\.rawValue).joined(separator: ", ")
            return .failure("\(command.name): \(entry.id) is a listener; it takes close, error, and set/get of \(names). Select a stream for \(command.name)")
        }
    }
}

/// The two sides of a stream, each with its own queue and its own pending call.
enum StreamSide: Sendable {
    case read, write
}

extension Command {
    /// The side a call that may block (or that touches the captures) waits its turn on, one at
    /// a time in the order given; nil for calls that run at once. Close goes last on the read
    /// side, after what was asked of it.
    var side: StreamSide? {
        switch self {
        case .read, .peek, .follow, .close, .drop, .starttls: .read
        case .send: .write
        default: nil
        }
    }
}
