import Dispatch
import Glibc
import TcpModel
import TlsLayer

/// Opening streams by connecting out (a connect is a stream from its first moment), and the
/// hand-off between a connect and this session's own listener accepting it.
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
    func awaitOwnConnect(from peer: SocketAddress, accepted local: SocketAddress?, listenerPort: UInt16) {
        let suffix = ":\(listenerPort)"
        let pending = state.withLock { s in s.snapshot.connecting.contains { $0.target.hasSuffix(suffix) } }
        guard pending, let local else { return }
        _ = waitUntil(clock.now + .seconds(2)) { s in
            s.snapshot.byAddresses[AddressPair(local: peer, peer: local)] != nil
                || !s.snapshot.connecting.contains { $0.target.hasSuffix(suffix) }
        }
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
