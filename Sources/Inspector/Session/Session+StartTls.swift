import TcpModel
import TlsLayer

/// `starttls client|server`: a TLS handshake on a stream already open, for protocols that
/// switch in the middle (SMTP's STARTTLS, PostgreSQL's SSLRequest). It runs with both sides of
/// the stream held (as `close` does), waiting on the read side's cancel signal, so `cancel`
/// ends it. The bytes before the switch stay on the stream's timeline; the offsets where
/// plaintext begins are kept (`StreamSnapshot.tlsFrom`) and logged.
extension Session {
    func startTls(_ role: StartTls, on entry: StreamEntry, args: String, mark: UInt64) -> Outcome {
        let id = EntryID.stream(entry.id)
        let begin = clock.now
        if entry.tls.isActive {
            return refused(id, args, "\(entry.id) already speaks TLS")
        }
        if entry.following.load(ordering: .relaxed) {
            return refused(id, args, "follow is on, and its reads would take the handshake's bytes; `follow off` first")
        }
        if let partner = entry.relay.withLock({ $0?.target.id }) {
            return refused(id, args, "\(entry.id) is joined with \(partner), and forwarding would take the handshake's bytes; `unjoin` first")
        }
        let keyLog = keyLogDescriptor(for: id)
        do throws(SocketError) {
            let connection: TlsConnection
            switch role {
            case .client(let options):
                connection = try TlsConnection(clientOver: entry.stream, host: verifiedHost(of: entry), options: options,
                                               keyLog: keyLog.fd)
            case .server(let options):
                connection = try TlsConnection(serverOver: entry.stream, context: TlsServerContext(options, keyLog: keyLog.fd))
            }
            let deadline = (try? entry.stream.readTimeout())?.map { clock.now + $0 }
            guard try handshake(connection, signal: entry.readCancel, mark: mark, until: deadline, limit: "the read timeout") else {
                return cancelled(entry.id, "starttls", args, since: begin,
                                 detail: "the stream stays open without TLS (the peer may have seen part of a handshake)")
            }
            let from = TlsSwitch(received: entry.received.totals.total, sent: entry.sent.totals.total)
            let facts = connection.facts()
            entry.tls.install(connection)
            updateStream(entry.id) { s in
                s.tls = facts
                s.tlsFrom = from
            }
            refreshReadSide(entry)
            let value = "\(facts.summary); plaintext from received offset \(from.received), sent offset \(from.sent)" + keyLog.note
            var finished = Event(entry: id, op: "starttls", args: args, value: value, elapsed: clock.now - begin)
            finished.tls = facts
            let event = record(finished)
            return .success("\(entry.id) speaks TLS: \(facts.summary)", event)
        } catch {
            var failure = error
            failure.detail = "(the stream stays open without TLS; the peer may have seen part of a handshake)"
            return failed(id, "starttls", args, failure, since: begin)
        }
    }

    private func refused(_ id: EntryID, _ args: String, _ why: String) -> Outcome {
        let event = record(Event(entry: id, op: "starttls", args: args, ok: false, error: why))
        return .failure("\(id) starttls: \(why)", event)
    }

    /// The host a client's certificate check is against: the one typed in `connect`, else the
    /// peer's address.
    private func verifiedHost(of entry: StreamEntry) -> String {
        let snap = state.withLock { $0.snapshot.streams[entry.id] }
        if case .connected(let target)? = snap?.origin, EntryID(target) == nil {
            return Session.hostPart(of: target)
        }
        guard let peer = snap?.peer ?? (try? entry.stream.peerAddr()) else { return "" }
        return Session.hostPart(of: peer.description)
    }
}

/// Where a stream's bytes turned into TLS plaintext (`starttls`): the stream offsets, received
/// and sent, of the first plaintext byte.
public struct TlsSwitch: Sendable, Hashable {
    public var received: UInt64
    public var sent: UInt64

    public init(received: UInt64, sent: UInt64) {
        self.received = received
        self.sent = sent
    }
}
