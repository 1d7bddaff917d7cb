import CSocket
import Glibc
import TcpModel

/// Calls that may block, made so that `cancel` can end them: each waits in poll(2) on the
/// socket beside its side's cancel signal, then makes the call with MSG_DONTWAIT. The socket's
/// own settings still decide: a nonblocking socket answers at once (the plain call is made),
/// and a read or write timeout (SO_RCVTIMEO, SO_SNDTIMEO, read back from the kernel) bounds the
/// wait and ends it with the kernel's own EAGAIN.
extension Session {
    /// One recv (or recv with MSG_PEEK) of up to `count` bytes; nil when cancelled, before
    /// anything was taken.
    func receive(on entry: StreamEntry, count: Int, consume: Bool, mark: UInt64) throws(SocketError) -> [UInt8]? {
        if entry.tls.isActive { return try receiveTls(on: entry, count: count, consume: consume, mark: mark) }
        let stream = entry.stream
        let call = consume ? "recv" : "recv(MSG_PEEK)"
        if entry.owner != nil, !consume {
            // An attached stream's peek never waits: the socket is the owner's.
            let bytes = try stream.peek(nonwaiting: count)
            guard let bytes else {
                throw SocketError(errno: EAGAIN, call: "recv(MSG_PEEK|MSG_DONTWAIT)", detail: "(nothing waiting; an attached stream's peek never waits)")
            }
            return bytes
        }
        if (try? stream.isNonblocking()) == true {
            return consume ? try stream.read(maxLength: count) : try stream.peek(maxLength: count)
        }
        let deadline = (try? stream.readTimeout())?.map { clock.now + $0 }
        while true {
            var got: Int?
            var failure: SocketError?
            let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
                do throws(SocketError) {
                    let raw = UnsafeMutableRawBufferPointer(buffer)
                    got = consume ? try stream.tryRead(into: raw) : try stream.tryPeek(into: raw)
                } catch {
                    failure = error
                }
                filled = got ?? 0
            }
            if var failure {
                failure.call = call
                throw failure
            }
            if got != nil { return bytes }
            guard try awaitSocket(stream, Int16(POLLIN) | CSOCK_POLLRDHUP, beside: entry.readCancel, until: deadline, since: mark,
                                  timedOut: SocketError(errno: EAGAIN, call: call), waiting: "waiting to \(consume ? "read" : "peek")") else { return nil }
        }
    }

    /// One write of what the send buffer takes, waiting for room as a blocking send would;
    /// nil when cancelled while waiting. The write itself never blocks, so it is made under
    /// the log's `causing` lock: when `finishing` makes an event of its count (the write that
    /// ends a send), that event is logged before anything the peer does in answer.
    func write(on entry: StreamEntry, _ bytes: UnsafeRawBufferPointer, mark: UInt64,
               finishing: (Int) -> Event?, logged: inout Event?) throws(SocketError) -> Int? {
        if entry.tls.isActive {
            return try writeTls(on: entry, bytes, mark: mark, finishing: finishing, logged: &logged)
        }
        let stream = entry.stream
        let nonblocking = (try? stream.isNonblocking()) == true
        func step() throws(SocketError) -> Int? {
            let (n, stamped) = try writeStep(stream, bytes, nonblocking: nonblocking, finishing: finishing)
            if let stamped {
                logged = stamped
                mutate { _ in }
            }
            return n
        }
        if nonblocking { return try step() }
        if entry.writeCancel.isCancelled(since: mark) { return nil }
        let deadline = (try? stream.writeTimeout())?.map { clock.now + $0 }
        while true {
            if let n = try step() { return n }
            guard try awaitSocket(stream, Int16(POLLOUT), beside: entry.writeCancel, until: deadline, since: mark,
                                  timedOut: SocketError(errno: EAGAIN, call: "send"), waiting: "waiting to send") else { return nil }
        }
    }

    /// Waits in poll(2) for `events` on `stream`'s socket beside `signal`: true when the call
    /// should be tried again, false when it was cancelled; past `deadline` it throws `timedOut`
    /// (the error the call itself would have given), and a failed poll says what it waited for.
    func awaitSocket(_ stream: TcpStream, _ events: Int16, beside signal: CancelSignal, until deadline: ContinuousClock.Instant?,
                     since mark: UInt64, timedOut: @autoclosure () -> SocketError, waiting: String) throws(SocketError) -> Bool {
        switch signal.wait(for: stream.fileDescriptor, events: events, until: deadline, since: mark) {
        case .ready: return true
        case .cancelled: return false
        case .timedOut: throw timedOut()
        case .failed(let code): throw SocketError(errno: code, call: "poll", detail: waiting)
        }
    }

    private func writeStep(_ stream: TcpStream, _ bytes: UnsafeRawBufferPointer, nonblocking: Bool,
                           finishing: (Int) -> Event?) throws(SocketError) -> (Int?, Event?) {
        var result: Result<Int?, SocketError> = .success(nil)
        let stamped = causing.withLock { _ -> Event? in
            result = Result { () throws(SocketError) -> Int? in
                nonblocking ? try stream.write(from: bytes) : try stream.tryWrite(from: bytes)
            }
            guard case .success(let n?) = result, let event = finishing(n) else { return nil }
            return log.append(event)
        }
        return (try result.get(), stamped)
    }

    /// A call ended by `cancel`: logged as cancelled, with how long it ran.
    func cancelled(_ id: StreamID, _ op: String, _ args: String, since begin: ContinuousClock.Instant,
                   detail: String, bytes: [UInt8]? = nil, plaintext: Bool = false) -> Outcome {
        let elapsed = clock.now - begin
        let why = "cancelled after \(DurationText.format(elapsed.roundedToMilliseconds)): \(detail)"
        var ended = Event(entry: .stream(id), op: op, args: args, ok: false, error: why, bytes: bytes,
                          value: bytes.map { "\($0.count)" }, elapsed: elapsed)
        ended.plaintext = plaintext
        let event = record(ended)
        return .failure("\(id) \(op): \(why)", event)
    }

    /// `cancel`: ends what is pending on both sides of the stream, and a wait for its data.
    /// Each call it ends says so in the Log itself, after this.
    func cancel(_ entry: StreamEntry) -> Outcome {
        let snap = state.withLock { $0.snapshot.streams[entry.id] }
        let now = clock.now
        let running = [snap?.pending, snap?.pendingWait, snap?.pendingWrite].compactMap { $0 }
            .map { "\($0.op) (\(DurationText.format((now - $0.started).roundedToMilliseconds)))" }
        guard !running.isEmpty else {
            // A call submitted a moment ago may not show as pending yet: it is cancelled too.
            entry.readCancel.cancel()
            entry.writeCancel.cancel()
            return .success("\(entry.id) has nothing pending to cancel")
        }
        let value = running.joined(separator: ", ")
        let event = recordCause {
            Event(entry: .stream(entry.id), op: "cancel", value: value)
        }
        entry.readCancel.cancel()
        entry.writeCancel.cancel()
        // A `wait` checks its mark when the state changes: this change wakes it.
        mutate { _ in }
        return .success("\(entry.id) cancelling \(value)", event)
    }
}

extension Duration {
    /// Whole milliseconds, as a person reads a time that ran: `504ms`, not `504.156934ms`.
    var roundedToMilliseconds: Duration {
        .milliseconds(wholeMilliseconds)
    }
}
