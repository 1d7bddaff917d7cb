import TcpModel
import TlsLayer

/// `connect tls://`: the TLS handshake over a stream just connected, before it is registered,
/// so a handshake that fails or is cancelled leaves nothing open.
extension Session {
    /// A finished handshake: the connection and the Log's summary of it.
    struct Secured {
        let connection: TlsConnection
        let summary: String
    }

    /// Runs the handshake within the connect's timeout (counted afresh) and logs it as
    /// `handshake`. On failure or cancel the connect's row goes and the outcome says why.
    func secure(_ stream: TcpStream, id: StreamID, target: String, options: TlsClientOptions, attempt: ConnectAttempt,
                timeout: Duration?) -> (Secured?, Outcome?) {
        let begin = clock.now
        let keyLog = keyLogDescriptor(for: .stream(id))
        let keyLogNote = keyLog.note
        do throws(SocketError) {
            let connection = try TlsConnection(clientOver: stream, host: Session.hostPart(of: target), options: options,
                                               keyLog: keyLog.fd)
            guard try handshake(connection, signal: attempt.signal, until: timeout.map { clock.now + $0 }) else {
                forgetConnect(id)
                let why = "\(attempt.reason.withLock { $0 }) after \(DurationText.format((clock.now - begin).roundedToMilliseconds)): the connection is closed"
                let event = record(Event(entry: .stream(id), op: "handshake", ok: false, error: why, elapsed: clock.now - begin))
                return (nil, .failure("\(id) handshake: \(why)", event))
            }
            let facts = connection.facts()
            let summary = facts.summary
            var event = Event(entry: .stream(id), op: "handshake", value: summary + keyLogNote, elapsed: clock.now - begin)
            event.tls = facts
            record(event)
            return (Secured(connection: connection, summary: summary), nil)
        } catch {
            forgetConnect(id)
            let event = record(Event(entry: .stream(id), op: "handshake", ok: false, error: error.description,
                                     errnoName: error.errnoName, elapsed: clock.now - begin))
            return (nil, .failure("\(id) handshake: \(error); the connection is closed", event))
        }
    }

    /// How long a TLS listener waits for a client to finish its handshake.
    static let serverHandshakeLimit: Duration = .seconds(10)

    /// The server side of the handshake on a connection a TLS listener accepted, within
    /// `serverHandshakeLimit`. A failure is logged on the listener (the connection was never
    /// listed, and is closed); nil then.
    func serverHandshake(_ stream: TcpStream, from: SocketAddress, listener: ListenerID,
                         context: TlsServerContext) -> (connection: TlsConnection, facts: TlsFacts, elapsed: Duration)? {
        let begin = clock.now
        do throws(SocketError) {
            let connection = try TlsConnection(serverOver: stream, context: context)
            let limit = Session.serverHandshakeLimit
            guard try handshake(connection, signal: CancelSignal(), until: clock.now + limit,
                                limit: DurationText.format(limit)) else { return nil }
            return (connection, connection.facts(), clock.now - begin)
        } catch {
            record(Event(entry: .listener(listener), op: "accept", ok: false,
                         error: "TLS handshake with \(from) failed: \(error); the connection is closed",
                         errnoName: error.errnoName, elapsed: clock.now - begin))
            return nil
        }
    }

    /// The key log descriptor for a handshake (-1: none), and what the Log says of it; a key
    /// log that cannot be used is said once per handshake, on `entry`.
    func keyLogDescriptor(for entry: EntryID?) -> (fd: Int32, note: String) {
        switch KeyLogFile.current() {
        case .open(let fd, let path):
            return (fd, "; keys appended to \(MessageText.fileName(path)) (SSLKEYLOGFILE)")
        case .failed(let why):
            record(Event(entry: entry, op: "keylog", ok: false, error: "SSLKEYLOGFILE not used: \(why)"))
            return (-1, "")
        case .off, .unopened:
            return (-1, "")
        }
    }

    /// `HOST` of `HOST:PORT` or `[V6]:PORT`, as the certificate is checked against it.
    static func hostPart(of target: String) -> String {
        if target.hasPrefix("["), let close = target.firstIndex(of: "]") {
            var inside = target[target.index(after: target.startIndex)..<close]
            // A zone (fe80::1%eth0) is not part of the address a certificate names.
            if let percent = inside.firstIndex(of: "%") { inside = inside[..<percent] }
            return String(inside)
        }
        guard let colon = target.lastIndex(of: ":") else { return target }
        return String(target[..<colon])
    }
}
