import Dispatch
import Glibc
import TcpModel
import TlsLayer

/// Listening, and each accepted connection admitted as a stream (after its TLS handshake on a
/// TLS listener; joined with an upstream on a relay's).
extension Session {
    func listen(_ addressText: String, backlog: Int? = nil, reuseAddress: Bool = true, reusePort: Bool = false,
                accepting: Bool = true, tls: TlsServerOptions? = nil, relayTo: String? = nil, op: String = "listen",
                args relayArgs: String? = nil) -> Outcome {
        let args = relayArgs ?? Command.listen(address: addressText, backlog: backlog, reuseAddress: reuseAddress, reusePort: reusePort,
                                               accepting: accepting, tls: tls).argumentsText
        // `listen l1`: where l1 listens or listened, so a script can come back to a port the
        // kernel chose for it.
        var bindText = addressText
        if let entryID = EntryID(addressText) {
            guard case .listener(let lid) = entryID,
                  let earlier = state.withLock({ $0.listenerAddresses[lid] }) else {
                return .failure("\(op): \(addressText) never listened in this session")
            }
            bindText = earlier.description
        }
        do throws(SocketError) {
            // The certificate and key are loaded before the port is taken: a bad file listens on nothing.
            let context = try tls.map { options throws(SocketError) in try TlsServerContext(options, keyLog: keyLogDescriptor(for: nil).fd) }
            let listener = try TcpListener.bind(bindText, backlog: Int32(clamping: backlog ?? Int(TcpListener.backlog)),
                                                reuseAddress: reuseAddress, reusePort: reusePort)
            let local = try? listener.localAddr()
            let (id, entry) = mutate { s -> (ListenerID, ListenerEntry) in
                let id = ListenerID(s.nextListener)
                s.nextListener += 1
                if let local { s.listenerAddresses[id] = local }
                let entry = ListenerEntry(id: id, listener: listener, relayTo: relayTo, tls: context)
                s.listeners[id] = entry
                s.snapshot.listenerOrder.append(id)
                var snap = ListenerSnapshot(id: id, local: local, allInterfaces: local?.isUnspecifiedHost ?? false)
                snap.reachableFromOtherHosts = local?.reachesOtherHosts ?? false
                snap.accepting = accepting
                snap.relayTo = relayTo
                snap.tls = context != nil
                s.snapshot.listeners[id] = snap
                s.snapshot.selected = .listener(id)
                return (id, entry)
            }
            refreshListenerOptions(entry)
            // A listener that does not accept is not watched: its queue is the kernel's alone.
            if accepting, let error = poller.add(listener.fileDescriptor, key: entry.pollKey, .listener) {
                watchFailed(.listener(id), error)
            }
            var value = local?.description ?? "?"
            if let note = local?.exposureNote { value += " (\(note))" }
            let event = record(Event(entry: .listener(id), op: op, args: args, value: value))
            return .success("\(id) listening on \(value)", event)
        } catch {
            let event = record(Event(entry: nil, op: op, args: args, ok: false, error: error.description, errnoName: error.errnoName))
            return .failure("\(op): \(error)", event)
        }
    }

    /// Accepts every connection waiting on a listener, on the listener's queue. On a
    /// descriptor shortage (EMFILE, ENFILE, ENOBUFS, ENOMEM) it says so once and retries a
    /// little later, instead of spinning on a queue it cannot empty.
    func acceptPending(_ entry: ListenerEntry) {
        let fd = entry.listener.fileDescriptor
        for _ in 0..<256 {
            guard listenerEntry(entry.id) != nil else { return }
            // Only accept what is there: a blocking accept here would stall this listener.
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 0) > 0 else { break }
            do throws(SocketError) {
                let (stream, from) = try entry.listener.accept()
                if let context = entry.tls {
                    // The handshake runs apart, so one slow client holds up no other accept.
                    runDetached("\(entry.id).handshake") { [self] in
                        guard let done = serverHandshake(stream, from: from, listener: entry.id, context: context) else { return }
                        admit(stream, from: from, listener: entry, tls: done.connection, handshake: (done.facts, done.elapsed))
                    }
                    continue
                }
                admit(stream, from: from, listener: entry)
            } catch {
                if [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.code ?? 0) {
                    let first = mutate { s -> Bool in
                        guard var l = s.snapshot.listeners[entry.id] else { return false }
                        let first = l.acceptError == nil
                        l.acceptError = error.description
                        s.snapshot.listeners[entry.id] = l
                        return first
                    }
                    if first {
                        record(Event(entry: .listener(entry.id), op: "accept", ok: false,
                                     error: error.description + "; retrying every 250ms", errnoName: error.errnoName))
                    }
                    entry.queue.asyncAfter(deadline: .now() + .milliseconds(250)) { [weak self] in self?.acceptPending(entry) }
                    return
                }
                if error.kind == .wouldBlock { break }
                record(Event(entry: .listener(entry.id), op: "accept", ok: false, error: error.description, errnoName: error.errnoName))
            }
        }
        guard listenerEntry(entry.id) != nil else { return }
        if let error = poller.rearm(fd, key: entry.pollKey, .listener) { watchFailed(.listener(entry.id), error) }
    }

    /// Lists a connection a listener accepted (after its TLS handshake, on a TLS listener):
    /// counted, logged, registered, announced.
    func admit(_ stream: TcpStream, from: SocketAddress, listener entry: ListenerEntry, tls: sending TlsConnection? = nil,
               handshake: (facts: TlsFacts, elapsed: Duration)? = nil) {
        let acceptedLocal = try? stream.localAddr()
        if let port = acceptedLocal?.port {
            awaitOwnConnect(from: from, accepted: acceptedLocal, listenerPort: port)
        }
        // The listener's count goes up before the stream appears, so whoever sees the
        // stream sees the count too.
        let (id, recovered) = mutate { s -> (StreamID, Bool) in
            let id = StreamID(s.nextStream)
            s.nextStream += 1
            s.acceptedStreams[entry.id, default: []].append(id)
            guard var l = s.snapshot.listeners[entry.id] else { return (id, false) }
            l.accepted += 1
            let wasFailing = l.acceptError != nil
            l.acceptError = nil
            s.snapshot.listeners[entry.id] = l
            return (id, wasFailing)
        }
        if recovered {
            record(Event(entry: .listener(entry.id), op: "accept", args: "", value: "accepting again"))
        }
        // Logged before the stream appears, so nothing done on it is logged before it.
        record(Event(entry: .listener(entry.id), op: "accept", value: "\(id) from \(from)"))
        if let handshake {
            var event = Event(entry: .stream(id), op: "handshake", value: handshake.facts.summary, elapsed: handshake.elapsed)
            event.tls = handshake.facts
            record(event)
        }
        _ = register(stream, id: id, origin: .accepted(from: entry.id), select: false, tls: tls)
        // Said once the stream is listed, so a jump to it finds it.
        mutate { s in
            let number = (s.snapshot.lastAccept?.number ?? 0) + 1
            s.snapshot.lastAccept = AcceptNotice(number: number, listener: entry.id, stream: id, from: from)
            acceptCount.store(number, ordering: .releasing)
        }
        if let upstream = entry.relayTo { connectUpstream(for: id, listener: entry.id, upstream: upstream) }
    }
}
