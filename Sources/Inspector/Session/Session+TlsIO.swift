import CSocket
import Glibc
import TcpModel
import TlsLayer

/// Calls on a TLS stream, made as the plain ones are (see Session+SideIO): every OpenSSL call
/// returns at once (its BIO sends and receives with MSG_DONTWAIT), and when it wants the socket
/// readable or writable the side waits in poll(2) beside its cancel signal. So `cancel` ends a
/// TLS read or send as it ends a plain one, and the socket's own mode and timeouts still
/// decide: a nonblocking socket gets EAGAIN at once, SO_RCVTIMEO / SO_SNDTIMEO bound the wait.
extension Session {
    /// One SSL_read (or SSL_peek) of up to `count` plaintext bytes; nil when cancelled before
    /// anything was taken. An empty result is the end of the stream (the peer's close_notify).
    func receiveTls(on entry: StreamEntry, count: Int, consume: Bool,
                    mark: UInt64) throws(SocketError) -> [UInt8]? {
        let stream = entry.stream
        let call = consume ? "SSL_read" : "SSL_peek"
        let nonblocking = (try? stream.isNonblocking()) == true
        let deadline = (try? stream.readTimeout())?.map { clock.now + $0 }
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while true {
            let result = buffer.withUnsafeMutableBytes { raw -> Result<TlsProgress, SocketError> in
                let slice = UnsafeMutableRawBufferPointer(rebasing: raw[..<count])
                return Result { () throws(SocketError) -> TlsProgress in
                    try entry.tls.with { connection throws(SocketError) -> TlsProgress in
                        consume ? try connection.read(into: slice) : try connection.peek(into: slice)
                    } ?? .done(0)
                }
            }
            let progress = try result.get()
            let events: Int16
            switch progress {
            case .done(let n): return Array(buffer.prefix(n))
            case .wantRead: events = Int16(POLLIN) | CSOCK_POLLRDHUP
            case .wantWrite: events = Int16(POLLOUT)
            }
            if nonblocking { throw SocketError(errno: EAGAIN, call: call) }
            guard try awaitSocket(stream, events, beside: entry.readCancel, until: deadline, since: mark,
                                  timedOut: SocketError(errno: EAGAIN, call: call), waiting: "waiting to \(consume ? "read" : "peek")") else { return nil }
        }
    }

    /// One SSL_write of what it takes (a record or more), waiting for the socket as it asks;
    /// nil when cancelled while waiting. Made under the log's `causing` lock, as a plain write
    /// is, so the event that ends a send is logged before the peer's answer.
    func writeTls(on entry: StreamEntry, _ bytes: UnsafeRawBufferPointer, mark: UInt64,
                  finishing: (Int) -> Event?, logged: inout Event?) throws(SocketError) -> Int? {
        let stream = entry.stream
        let nonblocking = (try? stream.isNonblocking()) == true
        if !nonblocking, entry.writeCancel.isCancelled(since: mark) { return nil }
        let deadline = (try? stream.writeTimeout())?.map { clock.now + $0 }
        while true {
            var result: Result<TlsProgress, SocketError> = .success(.wantWrite)
            let stamped = causing.withLock { _ -> Event? in
                result = Result { () throws(SocketError) -> TlsProgress in
                    try entry.tls.with { connection throws(SocketError) -> TlsProgress in try connection.write(from: bytes) }
                        ?? .done(0)
                }
                guard case .success(.done(let n)) = result, let event = finishing(n) else { return nil }
                return log.append(event)
            }
            if let stamped {
                logged = stamped
                mutate { _ in }
            }
            let events: Int16
            switch try result.get() {
            case .done(let n): return n
            case .wantRead: events = Int16(POLLIN)
            case .wantWrite: events = Int16(POLLOUT)
            }
            if nonblocking { throw SocketError(errno: EAGAIN, call: "SSL_write") }
            guard try awaitSocket(stream, events, beside: entry.writeCancel, until: deadline, since: mark,
                                  timedOut: SocketError(errno: EAGAIN, call: "SSL_write"), waiting: "waiting to send") else { return nil }
        }
    }

    /// A handshake over a connected stream, each step waiting in poll(2) beside `signal` (a
    /// connect's), within `deadline` (`limit` says which limit that is). False when cancelled.
    func handshake(_ connection: TlsConnection, signal: CancelSignal, mark: UInt64 = 0, until deadline: ContinuousClock.Instant?,
                   limit: String = "the connect timeout") throws(SocketError) -> Bool {
        while true {
            let events: Int16
            switch try connection.handshake() {
            case .done: return true
            case .wantRead: events = Int16(POLLIN) | CSOCK_POLLRDHUP
            case .wantWrite: events = Int16(POLLOUT)
            }
            var timedOut = SocketError(errno: ETIMEDOUT, call: connection.isServer ? "SSL_accept" : "SSL_connect")
            timedOut.message = "no TLS handshake within \(limit)"
            guard try awaitSocket(connection.stream, events, beside: signal, until: deadline, since: mark,
                                  timedOut: timedOut, waiting: "during the TLS handshake") else { return false }
        }
    }
}

extension StreamEntry {
    /// What is there to read now, without waiting: plaintext on a TLS stream (SSL_read), the
    /// socket's bytes otherwise; nil when nothing is (EAGAIN, or TLS wants more of the socket).
    func readNow(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        guard tls.isActive else { return try stream.tryRead(into: buffer) }
        let progress = try tls.with { connection throws(SocketError) -> TlsProgress in try connection.read(into: buffer) }
        if case .done(let n)? = progress { return n }
        return nil
    }
}
