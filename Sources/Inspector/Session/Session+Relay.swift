import Glibc
import TcpModel

/// `relay`, `join` and `unjoin`: streams joined in pairs, what arrives on one forwarded to the
/// other (see Session+Forward), and `hold`, `step` and `drop` to control a direction by hand.
extension Session {
    /// The size of one forwarded chunk: large, so a fast transfer costs few system calls.
    static let relayChunk = 256 * 1024

    /// How long a relay's upstream connect may take before the client is reset: a client
    /// waits on its own connect's success meanwhile, so not the kernel's two minutes.
    static let upstreamConnectTimeout: Duration = .seconds(10)

    /// `relay [HOST:]PORT HOST:PORT`: a listener whose every client is joined with a new
    /// stream to `upstream`.
    func relay(_ address: String, upstream: String) -> Outcome {
        let outcome = listen(address, relayTo: upstream, op: "relay",
                             args: Command.relay(listen: address, upstream: upstream).argumentsText)
        guard outcome.ok else { return outcome }
        return .success(outcome.message + ", relaying to \(upstream)", outcome.event)
    }

    /// A client accepted by a relay listener: connect its partner, then join the two. A failed
    /// connect resets the client, as the upstream's refusal would have.
    func connectUpstream(for client: StreamID, listener: ListenerID, upstream: String) {
        connect(upstream, timeout: Session.upstreamConnectTimeout, select: false, opened: { [weak self] opened in
            guard let self, let clientEntry = self.entry(client) else { return }
            let upstreamEntry: StreamEntry
            switch opened {
            case .success(let id):
                guard let entry = self.entry(id) else { return }
                upstreamEntry = entry
            case .failure(let error):
                self.record(Event(entry: .stream(client), op: "relay", args: upstream, ok: false,
                                  error: "upstream connect failed: \(error); resetting the client", errnoName: error.errnoName))
                self.resetAndClose(clientEntry, why: "the upstream connect to \(upstream) failed")
                return
            }
            let upstreamID = upstreamEntry.id
            _ = self.joinPair(clientEntry, upstreamEntry, roles: (.client, .upstream), closesAtEnd: true, args: upstreamID.description)
        })
    }

    /// `join ID` on `entry`.
    func join(_ entry: StreamEntry, with id: StreamID) -> Outcome {
        guard id != entry.id else { return .failure("join: \(id) cannot be joined with itself") }
        guard let other = self.entry(id) else {
            return .failure(closedRefusal(.join(id), id) ?? "join: \(id) is not open (\(openEntriesText()))")
        }
        return joinPair(entry, other, roles: (.joined, .joined), closesAtEnd: false, args: id.description)
    }

    private func joinPair(_ a: StreamEntry, _ b: StreamEntry, roles: (JoinMark.Role, JoinMark.Role), closesAtEnd: Bool,
                          args: String) -> Outcome {
        for e in [a, b] {
            if let partner = e.relay.withLock({ $0?.target.id }) {
                return .failure("join: \(e.id) is already joined with \(partner); `unjoin` it first")
            }
            if e.following.load(ordering: .relaxed) {
                return .failure("join: \(e.id) is in follow mode, which reads what a join would forward; `\(e.id): follow off` first")
            }
            if e.owner != nil {
                return .failure("join: \(e.id) is attached to another process's socket: forwarding would consume its owner's bytes")
            }
            if e.tls.isActive {
                // Forwarding moves the socket's raw bytes: on a TLS stream those are records,
                // and taking them from under OpenSSL would break its session.
                return .failure("join: \(e.id) speaks TLS; forwarding works on a stream's raw bytes, so a TLS stream cannot be joined")
            }
        }
        if a.socketKey == b.socketKey {
            return .failure("join: \(a.id) and \(b.id) are the same socket (a clone)")
        }
        let ab = RelayDirection(source: a, target: b, closesAtEnd: closesAtEnd)
        let ba = RelayDirection(source: b, target: a, closesAtEnd: closesAtEnd)
        a.relay.withLock { $0 = ab }
        b.relay.withLock { $0 = ba }
        mutate { s in
            s.snapshot.streams[a.id]?.join = JoinMark(partner: b.id, role: roles.0)
            s.snapshot.streams[b.id]?.join = JoinMark(partner: a.id, role: roles.1)
        }
        let event = record(Event(entry: .stream(a.id), op: "join", args: args, value: "\(a.id) <-> \(b.id)"))
        record(Event(entry: .stream(b.id), op: "join", args: a.id.description, value: "\(b.id) <-> \(a.id)"))
        // Bytes that arrived before the join raised their edge already: look now.
        scheduleForward(ab)
        scheduleForward(ba)
        return .success("joined \(a.id) and \(b.id): what arrives on either is forwarded to the other", event)
    }

    /// Stops both directions of `entry`'s pair and takes the pair apart; with `unmark`, the
    /// Streams pane stops showing it (a closing stream keeps its mark).
    @discardableResult
    func stopJoin(_ entry: StreamEntry, unmark: Bool = false) -> StreamEntry? {
        guard let outgoing = entry.relay.withLock({ d -> RelayDirection? in
            let taken = d
            d = nil
            return taken
        }) else { return nil }
        let partner = outgoing.target
        let incoming = partner.relay.withLock { d -> RelayDirection? in
            guard d?.target.id == entry.id else { return nil }
            let taken = d
            d = nil
            return taken
        }
        outgoing.stop()
        incoming?.stop()
        // Bytes still in a delay line were read and will not be sent now: say so.
        for direction in [outgoing, incoming].compactMap({ $0 }) {
            let waiting = direction.delayed.withLock { line -> Int in
                let n = line.bytes
                line = RelayDirection.Delayed()
                return n
            }
            if waiting > 0 {
                record(Event(entry: .stream(direction.source.id), op: "relay", args: "stopped", ok: false,
                             error: "\(waiting) delayed bytes read here were not forwarded to \(direction.target.id): the pair was taken apart"))
            }
        }
        if unmark {
            mutate { s in
                s.snapshot.streams[entry.id]?.join = nil
                s.snapshot.streams[partner.id]?.join = nil
            }
        }
        return partner
    }

    /// `unjoin`: both stay open; what is queued stays in the kernel.
    func unjoin(_ entry: StreamEntry) -> Outcome {
        guard let partner = stopJoin(entry, unmark: true) else {
            return .failure("unjoin: \(entry.id) is not joined with another stream")
        }
        let event = record(Event(entry: .stream(entry.id), op: "unjoin", value: "\(entry.id) and \(partner.id)"))
        // Forwarding had the poller's input edges: hand them back, and look at what waits.
        for e in [entry, partner] {
            if let error = poller.rearm(e.stream.fileDescriptor, key: e.pollKey, .stream) { watchFailed(.stream(e.id), error) }
            refreshReadSide(e)
        }
        return .success("unjoined \(entry.id) and \(partner.id): nothing is forwarded any more", event)
    }

    /// `hold on|off`.
    func hold(_ on: Bool, _ entry: StreamEntry, args: String) -> Outcome {
        guard let direction = entry.relay.withLock({ $0 }) else {
            return .failure("hold: \(entry.id) is not joined (relay or join it first)")
        }
        direction.gate.withLock { g in
            g.held = on
            g.allowance = 0
        }
        updateStream(entry.id) { s in
            s.join?.held = on
            s.join?.allowance = 0
        }
        let event = record(Event(entry: .stream(entry.id), op: "hold", args: args,
                                 value: on ? "on: what arrives stays in the kernel's queue" : "off: forwarding"))
        if on {
            refreshReadSide(entry)
        } else {
            scheduleForward(direction)
        }
        return .success(on ? "\(entry.id) held: nothing that arrives is forwarded to \(direction.target.id) until hold off or step"
                           : "\(entry.id) forwarding to \(direction.target.id) again", event)
    }

    /// `step N`: lets N more held bytes through.
    func step(_ count: Int, _ entry: StreamEntry, args: String) -> Outcome {
        guard let direction = entry.relay.withLock({ $0 }) else {
            return .failure("step: \(entry.id) is not joined (relay or join it first)")
        }
        let allowance = direction.gate.withLock { g -> Int? in
            guard g.held else { return nil }
            g.allowance += count
            return g.allowance
        }
        guard let allowance else { return .failure("step: \(entry.id) is not held, so everything is forwarded already (`hold on` first)") }
        updateStream(entry.id) { $0.join?.allowance = allowance }
        let event = record(Event(entry: .stream(entry.id), op: "step", args: args, value: "\(allowance) bytes may go to \(direction.target.id)"))
        scheduleForward(direction)
        return .success("\(entry.id) forwards the next \(HumanText.count(count, "held byte")) to \(direction.target.id)", event)
    }

    /// `drop N`, on the read side: reads up to N waiting bytes (what is there now, never
    /// waiting) and forwards none.
    func drop(_ count: Int, _ entry: StreamEntry, args: String) -> Outcome {
        guard let direction = entry.relay.withLock({ $0 }) else {
            return .failure("drop: \(entry.id) is not joined (relay or join it first)")
        }
        guard direction.gate.withLock({ $0.held }) else {
            return .failure("drop: \(entry.id) is not held, so what arrives is forwarded at once (`hold on` first)")
        }
        let begin = clock.now
        let offset = entry.received.totals.total
        var bytes: [UInt8] = []
        var failure: SocketError?
        while bytes.count < count {
            let want = count - bytes.count
            var got: Int?
            let chunk = [UInt8](unsafeUninitializedCapacity: want) { buffer, filled in
                do throws(SocketError) {
                    got = try entry.stream.tryRead(into: UnsafeMutableRawBufferPointer(buffer))
                } catch {
                    failure = error
                }
                filled = got ?? 0
            }
            guard let n = got, n > 0, failure == nil else { break }
            bytes += chunk
        }
        if !bytes.isEmpty {
            entry.consumeGeneration.add(1, ordering: .releasing)
            entry.received.append(bytes)
            if let transcript = state.withLock({ $0.transcript }) {
                bytes.withUnsafeBytes { raw in
                    transcript.writeRelay("drop", stream: entry.id, to: nil, offset: offset, toOffset: nil, bytes: raw, time: clock.now - started)
                }
                transcript.flush()
            }
        }
        let dropped = UInt64(bytes.count)
        updateStream(entry.id) { s in
            s.join?.dropped += dropped
            s.droppedRanges.add(offset..<(offset + dropped))
        }
        refreshReadSide(entry)
        if let failure, failure.kind != .wouldBlock {
            return self.failed(.stream(entry.id), "drop", args, failure, since: begin)
        }
        let value = "\(bytes.count) at offset \(offset), not forwarded to \(direction.target.id)"
        let event = record(Event(entry: .stream(entry.id), op: "drop", args: args, bytes: bytes, value: value, elapsed: clock.now - begin))
        return .success("\(entry.id) dropped \(HumanText.count(bytes.count, "byte"))", event)
    }

    /// A `send` on a joined stream wrote `chunk` at sent offset `offset`: injected between
    /// forwarded bytes, so the transcript says so, and the pair's counts.
    func noteInjected(_ entry: StreamEntry, offset: UInt64, _ chunk: UnsafeRawBufferPointer) {
        guard entry.relay.withLock({ $0 != nil }) else { return }
        if let transcript = state.withLock({ $0.transcript }) {
            transcript.writeRelay("inject", stream: nil, to: entry.id, offset: nil, toOffset: offset, bytes: chunk, time: clock.now - started)
        }
        let n = UInt64(chunk.count)
        updateStream(entry.id) { s in
            s.join?.injected += n
            s.injectedRanges.add(offset..<(offset + n))
        }
    }
}

/// `delay` and `rate`: a slow link, made in tcpscope.
extension Session {
    /// `delay DUR|off`.
    func setDelay(_ delay: Duration?, _ entry: StreamEntry, args: String) -> Outcome {
        pace("delay", entry, args: args, gate: { $0.delay = delay }, mark: { $0.delay = delay }) { direction in
            delay.map { "what arrives waits \(DurationText.format($0)) before it goes to \(direction.target.id)" } ?? "off"
        }
    }

    /// `rate SIZE|off`.
    func setRate(_ rate: Int?, _ entry: StreamEntry, args: String) -> Outcome {
        pace("rate", entry, args: args, gate: { $0.rate = rate }, mark: { $0.rate = rate }) { direction in
            rate.map { "at most \(HumanText.size($0))/s to \(direction.target.id)" } ?? "off"
        }
    }

    /// Changes how a joined stream's direction paces what it forwards (`gate`), shows it
    /// (`mark`), logs `op` with `value`'s words, and lets the forward pass look again.
    private func pace(_ op: String, _ entry: StreamEntry, args: String, gate: (inout RelayDirection.Gate) -> Void,
                      mark: (inout JoinMark) -> Void, value: (RelayDirection) -> String) -> Outcome {
        guard let direction = entry.relay.withLock({ $0 }) else {
            return .failure("\(op): \(entry.id) is not joined (relay or join it first)")
        }
        direction.gate.withLock { gate(&$0) }
        updateStream(entry.id) { s in
            guard var join = s.join else { return }
            mark(&join)
            s.join = join
        }
        let text = value(direction)
        let event = record(Event(entry: .stream(entry.id), op: op, args: args, value: text))
        scheduleForward(direction)
        return .success("\(entry.id) \(op) \(text)", event)
    }
}
