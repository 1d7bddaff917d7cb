import TcpModel

/// `send`: its parts written in order, `repeat=` times, files read in chunks as they go.
extension Session {
    /// How many of a send's bytes its event (the Log, a transcript) keeps; the count is whole.
    /// A line's own text is never longer, so only `file:` and `repeat=` sends are shortened.
    static let sendEventByteLimit = 64 * 1024

    /// The chunk a file part is read in.
    private static let fileChunk = 256 * 1024

    /// Writes on the stream's write side: `cancel` stops it between two writes (or while one
    /// waits for room), and the outcome then says how many bytes went. `mark` is the write
    /// side's cancel count when this call was queued.
    func send(_ payload: SendPayload, on entry: StreamEntry, args: String, mark: UInt64) -> Outcome {
        let begin = clock.now
        let id = EntryID.stream(entry.id)
        // Every file is opened first: a missing one sends nothing at all.
        var files: [String: SendFile] = [:]
        for path in payload.files where files[path] == nil {
            do throws(SendFileError) {
                files[path] = try SendFile(path: path)
            } catch {
                let message = "\(error); nothing was sent"
                let event = record(Event(entry: id, op: "send", args: args, ok: false, error: message,
                                         errnoName: error.errnoName, value: "0", elapsed: clock.now - begin))
                return .failure("\(entry.id) send: \(message)", event)
            }
        }
        let perRound = payload.parts.reduce(0) { sum, part in
            switch part {
            case .bytes(let bytes): sum + bytes.count
            case .file(let path): sum + (files[path]?.size ?? 0)
            }
        }
        guard let total = SendPayload.total(perRound: perRound, repeatCount: payload.repeatCount) else {
            let message = "\(perRound) bytes × \(payload.repeatCount) is more than the "
                + "\(HumanText.size(SendPayload.maximumTotal)) one send may write; nothing was sent"
            let event = record(Event(entry: id, op: "send", args: args, ok: false, error: message,
                                     value: "0", elapsed: clock.now - begin))
            return .failure("\(entry.id) send: \(message)", event)
        }

        var writer = SendWriter(session: self, entry: entry, mark: mark, keep: Session.sendEventByteLimit,
                                total: total, args: args, begin: begin)
        var problem: (text: String, errno: String?)?
        var stopped = false
        func note(_ stop: SendWriter.Stop) {
            switch stop {
            case .cancelled: stopped = true
            case .failed(let failure): problem = ("\(failure)", failure.errnoName)
            }
        }
        var buffer: [UInt8] = files.isEmpty ? [] : [UInt8](repeating: 0, count: min(Session.fileChunk, max(perRound, 1)))
        rounds: for _ in 0..<payload.repeatCount {
            for part in payload.parts {
                switch part {
                case .bytes(let bytes):
                    if let stop = bytes.withUnsafeBytes({ writer.write($0) }) {
                        note(stop)
                        break rounds
                    }
                case .file(let path):
                    guard let file = files[path] else { continue }
                    var offset = 0
                    while offset < file.size {
                        let want = min(buffer.count, file.size - offset)
                        let result = buffer.withUnsafeMutableBytes { raw in
                            Result { () throws(SendFileError) in
                                try file.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<want]))
                            }
                        }
                        let n: Int
                        switch result {
                        case .success(let count): n = count
                        case .failure(let error):
                            problem = ("\(error)", error.errnoName)
                            break rounds
                        }
                        guard n > 0 else {
                            problem = ("file:\(MessageText.fileName(path)) ended early: it shrank while being sent", nil)
                            break rounds
                        }
                        if let stop = buffer.withUnsafeBytes({ writer.write(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) {
                            note(stop)
                            break rounds
                        }
                        offset += n
                    }
                }
            }
        }
        let totals = entry.sent.totals
        updateStream(entry.id) { $0.sentTotals = totals }
        refreshKernelView(entry)
        let done = writer.done
        let elapsed = clock.now - begin
        if stopped {
            return cancelled(entry.id, "send", args, since: begin, detail: "sent \(done) of \(total) bytes", bytes: writer.kept,
                             plaintext: entry.tls.isActive)
        }
        if let problem {
            let message = "sent \(done) of \(total) bytes, then \(problem.text)"
            var failed = Event(entry: id, op: "send", args: args, ok: false, error: message,
                               errnoName: problem.errno, bytes: writer.kept, value: "\(done)", elapsed: elapsed)
            failed.plaintext = entry.tls.isActive
            let event = record(failed)
            return .failure("\(entry.id) send: \(message)", event)
        }
        var sent = Event(entry: id, op: "send", args: args, bytes: writer.kept, value: "\(done)", elapsed: elapsed)
        sent.plaintext = entry.tls.isActive
        let event = writer.logged ?? record(sent)
        return .success("\(entry.id) sent \(HumanText.count(done, "byte"))", event)
    }
}

/// Writes every byte it is given to a stream through the session's cancellable write,
/// capturing them, counting them, and keeping the first few for the send's event. The write
/// that sends the send's last byte logs the event in the same step (see `Session.write`): the
/// peer may answer at once, and the read side must not log the answer before the send.
private struct SendWriter {
    enum Stop {
        case cancelled
        case failed(SocketError)
    }

    let session: Session
    let entry: StreamEntry
    let mark: UInt64
    let keep: Int
    let total: Int
    let args: String
    let begin: ContinuousClock.Instant
    private(set) var done = 0
    private(set) var kept: [UInt8] = []
    /// The send's event, once its last byte went.
    private(set) var logged: Event?

    init(session: Session, entry: StreamEntry, mark: UInt64, keep: Int, total: Int, args: String,
         begin: ContinuousClock.Instant) {
        self.session = session
        self.entry = entry
        self.mark = mark
        self.keep = keep
        self.total = total
        self.args = args
        self.begin = begin
    }

    /// All of `raw`; nil when it all went, else what stopped it.
    mutating func write(_ raw: UnsafeRawBufferPointer) -> Stop? {
        var written = 0
        while written < raw.count {
            let rest = UnsafeRawBufferPointer(rebasing: raw[written...])
            let (doneBefore, keptBefore, keep, total) = (done, kept, keep, total)
            let (id, args, begin, clock) = (entry.id, args, begin, session.clock)
            let plaintext = entry.tls.isActive
            let finishing = { (n: Int) -> Event? in
                guard doneBefore + n == total else { return nil }
                let bytes = keptBefore + rest.prefix(n).prefix(max(0, keep - keptBefore.count))
                var event = Event(entry: .stream(id), op: "send", args: args, bytes: bytes, value: "\(total)",
                                  elapsed: clock.now - begin)
                event.plaintext = plaintext
                return event
            }
            var stamped: Event?
            do throws(SocketError) {
                let wrote = try session.write(on: entry, rest, mark: mark, finishing: finishing, logged: &stamped)
                if let stamped { logged = stamped }
                guard let n = wrote else { return .cancelled }
                if n == 0 { return nil }
                let chunk = UnsafeRawBufferPointer(rebasing: raw[written..<(written + n)])
                let offset = entry.sent.totals.total
                entry.sent.append(chunk)
                session.noteInjected(entry, offset: offset, chunk)
                if kept.count < keep { kept += chunk.prefix(keep - kept.count) }
                written += n
                done += n
            } catch {
                return .failed(error)
            }
        }
        return nil
    }
}
