import Dispatch
import Glibc
import TcpModel
import TlsLayer

/// Opening streams: connect out, listen, accept.
extension Session {
    /// `select: false` leaves the selection alone (a relay's upstream stream); `opened` hears
    /// the new stream's id once it is registered, or why the connect failed.
    func connect(_ targetText: String, timeout: Duration?, from: String? = nil, tls: TlsClientOptions? = nil,
                 select: Bool = true, opened: (@Sendable (Result<StreamID, SocketError>) -> Void)? = nil,
                 completion: @escaping @Sendable (Outcome) -> Void = { _ in }) {
        let args = Command.connect(target: targetText, timeout: timeout, from: from, tls: tls).argumentsText
        let local = from.flatMap(SocketAddress.init)
        // A client certificate that cannot be used is said before anything connects.
        do throws(SocketError) {
            try tls?.checkIdentity()
        } catch {
            let event = record(Event(entry: nil, op: "connect", args: args, ok: false, error: error.description,
                                     errnoName: error.errnoName))
            opened?(.failure(error))
            completion(.failure("connect: \(error); nothing was connected", event))
            return
        }
        // `connect l1` means this session's own listener: its address, on loopback.
        var target = targetText
        if let entryID = EntryID(targetText) {
            guard case .listener(let lid) = entryID, let listener = listenerEntry(lid),
                  let local = try? listener.listener.localAddr() else {
                completion(.failure("connect: \(targetText) is not an open listener (\(openEntriesText()))"))
                return
            }
            target = Session.reachable(local).description
        }
        let (id, attempt) = mutate { s -> (StreamID, ConnectAttempt) in
            let id = StreamID(s.nextStream)
            s.nextStream += 1
            let attempt = ConnectAttempt(id: id)
            let pending = PendingConnect(id: id, target: target, started: clock.now, timeout: timeout)
            s.snapshot.connecting.append(pending)
            s.connects[id] = attempt
            // Listed, counted and selected at once: the person can watch it, cancel or close it.
            var row = StreamSnapshot(id: id, origin: .connected(to: targetText), local: nil, peer: nil, socketKey: 0,
                                     received: CaptureRing(bound: 1), sent: CaptureRing(bound: 1),
                                     historyLength: 1, lastChange: clock.now)
            row.connect = pending
            s.snapshot.insert(row)
            if select { s.snapshot.selected = .stream(id) }
            return (id, attempt)
        }
        // A connect in progress keeps the poller ticking (see `tick`); it may be asleep.
        poller.poke()
        let resolvedTarget = target
        runDetached("connect") { [self] in
            let begin = clock.now
            let result = Result { () throws(SocketError) -> TcpStream? in
                try connectEach(resolvedTarget, id: id, from: local, timeout: timeout, attempt: attempt)
            }
            let elapsed = clock.now - begin
            switch result {
            case .success(let stream?):
                // Logged before the stream is registered: an accept of it by this session's
                // own listener waits for that (see `awaitOwnConnect`), so it is logged after.
                let local = (try? stream.localAddr())?.description ?? "?"
                let value = "\(local) -> \((try? stream.peerAddr())?.description ?? "?")"
                let event = record(Event(entry: .stream(id), op: "connect", args: args, value: value, elapsed: elapsed))
                var connection: TlsConnection?
                var secured = ""
                if let tls {
                    // The row shows the TCP state the handshake runs over (ESTABLISHED), not SYN_SENT.
                    showConnecting(id, stream)
                    let (made, failure) = secure(stream, id: id, target: resolvedTarget, options: tls, attempt: attempt,
                                                 timeout: timeout)
                    guard let made else {
                        let outcome = failure ?? .failure("\(id) handshake: did not finish")
                        opened?(.failure(SocketError(errno: EPROTO, call: "handshake", detail: outcome.message)))
                        completion(outcome)
                        return
                    }
                    secured = " · " + made.summary
                    connection = made.connection
                }
                let selected = state.withLock { s in s.snapshot.selected == .stream(id) || s.snapshot.selected == nil }
                let snap = register(stream, id: id, origin: .connected(to: targetText), select: selected && select, tls: connection)
                if tls == nil { awaitOwnAccept(of: snap) }
                opened?(.success(id))
                completion(.success("\(id) connected: \(value)\(secured)", event))
            case .success(nil):
                // Cancelled: the half-open socket was closed when its stream was dropped.
                forgetConnect(id)
                let why = "\(attempt.reason.withLock { $0 }) after \(DurationText.format(elapsed.roundedToMilliseconds)): the half-open socket is closed"
                let event = record(Event(entry: .stream(id), op: "connect", args: args, ok: false, error: why, elapsed: elapsed))
                opened?(.failure(SocketError(errno: ECANCELED, call: "connect", detail: why)))
                completion(.failure("\(id) connect: \(why)", event))
            case .failure(let error):
                forgetConnect(id)
                let event = record(Event(entry: nil, op: "connect", args: args, ok: false, error: error.description,
                                         errnoName: error.errnoName, elapsed: elapsed))
                opened?(.failure(error))
                completion(.failure("connect: \(error)", event))
            }
        }
    }

    /// Tries each address in turn, as Rust's connect does (the timeout applies to each, as in
    /// its connect_timeout). Each try is a nonblocking connect and a wait in poll(2) beside the
    /// attempt's cancel signal; nil when cancelled (the half-open socket is closed on return).
    private func connectEach(_ target: String, id: StreamID, from local: SocketAddress?, timeout: Duration?,
                             attempt: ConnectAttempt) throws(SocketError) -> TcpStream? {
        var last = SocketError(.invalidInput, "could not resolve to any addresses", call: "connect")
        for address in try target.socketAddresses() {
            if attempt.signal.isCancelled(since: 0) { return nil }
            do throws(SocketError) {
                let (stream, finished) = try TcpStream.startConnect(to: address, from: local)
                if finished { return stream }
                attempt.socket.withLock { $0 = stream }
                defer { attempt.socket.withLock { $0 = nil } }
                showConnecting(id, stream)
                let deadline = timeout.map { clock.now + $0 }
                switch attempt.signal.wait(for: stream.fileDescriptor, events: Int16(POLLOUT), until: deadline, since: 0) {
                case .ready:
                    try stream.finishConnect(to: address)
                    return stream
                case .cancelled:
                    return nil
                case .timedOut:
                    // The kernel would give up the same way, later: say it with the same errno,
                    // so a script's `expect error ETIMEDOUT` holds whichever timer ran out.
                    var error = SocketError(errno: ETIMEDOUT, call: "connect", detail: "to \(address)")
                    error.message = "no answer within the connect timeout"
                    throw error
                case .failed(let code):
                    throw SocketError(errno: code, call: "poll", detail: "connecting to \(address)")
                }
            } catch {
                last = error
            }
        }
        throw last
    }

    /// What the kernel says of a connect in progress: its local address and TCP state (SYN_SENT).
    private func showConnecting(_ id: StreamID, _ stream: TcpStream) {
        let local = try? stream.localAddr()
        let info = try? stream.tcpInfo()
        updateStream(id) { s in
            s.local = local
            s.info = info
        }
    }

    /// Takes a connect that ended without a stream out of the list. A failed connect gives its
    /// id back unless another stream took the next one.
    func forgetConnect(_ id: StreamID) {
        mutate { s in
            s.snapshot.connecting.removeAll { $0.id == id }
            s.connects[id] = nil
            let index = s.snapshot.streamOrder.firstIndex(of: id)
            s.snapshot.streams[id] = nil
            s.snapshot.streamOrder.removeAll { $0 == id }
            if s.snapshot.selected == .stream(id) {
                s.snapshot.selected = Session.neighbour(in: s.snapshot, at: index)
            }
            if s.nextStream == id.number + 1 { s.nextStream = id.number }
        }
    }

    /// `cancel` or `close` on a stream whose connect is still in progress: ends the connect,
    /// which closes the half-open socket, and waits (briefly) until it has.
    func endConnect(_ id: StreamID, _ attempt: ConnectAttempt, command: Command) -> Outcome {
        let closing = command == .close
        attempt.reason.withLock { $0 = closing ? "closed before it connected" : "cancelled" }
        let event = recordCause {
            Event(entry: .stream(id), op: closing ? "close" : "cancel", value: closing ? "while connecting" : "connect")
        }
        attempt.signal.cancel()
        let gone = waitUntil(clock.now + .seconds(2)) { s in s.connects[id] == nil }
        guard gone else { return .failure("\(id) \(command.name): the connect has not ended yet", event) }
        // Said like the connect's own ending, which may reach the status line after this.
        return .success("\(closing ? "closed \(id) while it was connecting" : "cancelled the connect of \(id)"): the half-open socket is closed", event)
    }

    /// When the peer is one of this session's listeners, waits (briefly) for it to accept this
    /// connection, so the next line of a script finds the server side open.
    private func awaitOwnAccept(of client: StreamSnapshot) {
        guard let local = client.local, let peer = client.peer else { return }
        let ours = state.withLock { s in
            s.snapshot.listeners.values.contains { l in
                guard l.accepting, let bound = l.local, bound.port == peer.port else { return false }
                return bound == peer || bound.isUnspecifiedHost
            }
        }
        guard ours else { return }
        _ = waitUntil(clock.now + .seconds(2)) { s in
            s.snapshot.byAddresses[AddressPair(local: peer, peer: local)] != nil
        }
    }

    /// When one of this session's connects toward `listenerPort` is still finishing, waits
    /// (briefly) until the one that made this connection is logged and registered, so the
    /// accept, its effect, is logged after it.
    private func awaitOwnConnect(from peer: SocketAddress, accepted local: SocketAddress?, listenerPort: UInt16) {
        let suffix = ":\(listenerPort)"
        let pending = state.withLock { s in s.snapshot.connecting.contains { $0.target.hasSuffix(suffix) } }
        guard pending, let local else { return }
        _ = waitUntil(clock.now + .seconds(2)) { s in
            s.snapshot.byAddresses[AddressPair(local: peer, peer: local)] != nil
                || !s.snapshot.connecting.contains { $0.target.hasSuffix(suffix) }
        }
    }

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

    /// Adds an open stream to the session and to the poller, and reads its first picture.
    @discardableResult
    func register(_ stream: TcpStream, id: StreamID, origin: StreamOrigin, select: Bool, socketKey: Int? = nil,
                  attached: (owner: AttachedOwner, socket: AttachedSocket)? = nil,
                  tls: sending TlsConnection? = nil) -> StreamSnapshot {
        let now = clock.now
        let facts = tls?.facts()
        let entry = mutate { s -> StreamEntry in
            let key = socketKey ?? s.nextSocketKey
            if socketKey == nil { s.nextSocketKey += 1 }
            let entry = StreamEntry(id: id, stream: stream, socketKey: key, captureBound: configuration.captureBound,
                                    owner: attached?.owner, tls: tls)
            s.streams[id] = entry
            s.snapshot.connecting.removeAll { $0.id == id }
            s.connects[id] = nil
            var snap = StreamSnapshot(
                id: id, origin: origin, local: try? stream.localAddr(), peer: try? stream.peerAddr(), socketKey: key,
                received: entry.received, sent: entry.sent,
                rttHistory: History(capacity: configuration.historyLength),
                toReadHistory: History(capacity: configuration.historyLength), lastChange: now)
            snap.options = Session.readOptions(of: stream)
            snap.attached = attached?.socket
            snap.tls = facts
            // In id order even when an accept overtakes the connect before it.
            s.snapshot.insert(snap)
            if select { s.snapshot.selected = .stream(id) }
            return entry
        }
        if let error = poller.add(stream.fileDescriptor, key: entry.pollKey, .stream) {
            watchFailed(.stream(id), error)
        }
        // Bytes that arrived before the registration raise no edge: look once now.
        refreshReadSide(entry)
        refreshKernelView(entry)
        return state.withLock { $0.snapshot.streams[id] } ?? StreamSnapshot(
            id: id, origin: origin, socketKey: entry.socketKey, received: entry.received, sent: entry.sent,
            rttHistory: History(capacity: 1), toReadHistory: History(capacity: 1), lastChange: now)
    }

    /// An address to connect to for a listener's bound address: the wildcard means loopback.
    static func reachable(_ address: SocketAddress) -> SocketAddress {
        switch address {
        case .v4(let ip, let port) where ip.isUnspecified: .v4(.loopback, port: port)
        case .v6(let ip, let port, _) where ip.isUnspecified: .v6(.loopback, port: port)
        case .v6(let ip, let port, _) where ip.ipv4Mapped?.isUnspecified == true: .v4(.loopback, port: port)
        default: address
        }
    }
}

extension SocketAddress {
    /// 0.0.0.0, :: or ::ffff:0.0.0.0 (which takes IPv4 connections to every interface): bound
    /// to every interface.
    var isUnspecifiedHost: Bool {
        switch self {
        case .v4(let ip, _): ip.isUnspecified
        case .v6(let ip, _, _): ip.isUnspecified || ip.ipv4Mapped?.isUnspecified == true
        }
    }

    /// Whether a listener bound here takes connections from other hosts: every address but
    /// loopback (127.0.0.0/8, ::1, and ::ffff:127.0.0.0/104) does.
    var reachesOtherHosts: Bool {
        switch self {
        case .v4(let ip, _): !ip.isLoopback
        case .v6(let ip, _, _): !(ip.isLoopback || ip.ipv4Mapped?.isLoopback == true)
        }
    }

    /// What the Log says after a listener's address when other hosts can reach it.
    var exposureNote: String? {
        if isUnspecifiedHost { return "all interfaces: reachable from other hosts" }
        return reachesOtherHosts ? "reachable from other hosts" : nil
    }
}

/// A connect in progress: what `cancel` or `close` needs to end it.
final class ConnectAttempt: Sendable {
    let id: StreamID
    /// Cancelled once, ever: the attempt's mark is 0.
    let signal = CancelSignal()
    /// The half-open socket of the address being tried, for its TCP_INFO.
    let socket = Locked<TcpStream?>(nil)
    /// How the Log says it ended when cancelled.
    let reason = Locked("cancelled")

    init(id: StreamID) {
        self.id = id
    }
}
