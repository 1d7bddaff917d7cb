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
        var keyLog: Int32 = -1
        var keyLogNote = ""
        switch KeyLogFile.current() {
        case .open(let fd, let path):
            keyLog = fd
            keyLogNote = "; keys appended to \(MessageText.fileName(path)) (SSLKEYLOGFILE)"
        case .failed(let why):
            record(Event(entry: .stream(id), op: "keylog", ok: false, error: "SSLKEYLOGFILE not used: \(why)"))
        case .off, .unopened:
            break
        }
        do throws(SocketError) {
            let connection = try TlsConnection(clientOver: stream, host: Session.hostPart(of: target), options: options,
                                               keyLog: keyLog)
            guard try handshake(connection, attempt: attempt, until: timeout.map { clock.now + $0 }) else {
                forgetConnect(id)
                let why = "\(attempt.reason.withLock { $0 }) after \(DurationText.format((clock.now - begin).roundedToMilliseconds)): the connection is closed"
                let event = record(Event(entry: .stream(id), op: "handshake", ok: false, error: why, elapsed: clock.now - begin))
                return (nil, .failure("\(id) handshake: \(why)", event))
            }
            let summary = connection.facts().summary
            record(Event(entry: .stream(id), op: "handshake", value: summary + keyLogNote, elapsed: clock.now - begin))
            return (Secured(connection: connection, summary: summary), nil)
        } catch {
            forgetConnect(id)
            let event = record(Event(entry: .stream(id), op: "handshake", ok: false, error: error.description,
                                     errnoName: error.errnoName, elapsed: clock.now - begin))
            return (nil, .failure("\(id) handshake: \(error); the connection is closed", event))
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
