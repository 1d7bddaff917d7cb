import TcpModel

/// `send`: its parts written in order, `repeat=` times, files read in chunks as they go.
extension Session {
    /// How many of a send's bytes its event (the Log, a transcript) keeps; the count is whole.
    /// A line's own text is never longer, so only `file:` and `repeat=` sends are shortened.
    static let sendEventByteLimit = 64 * 1024

    /// The chunk a file part is read in.
    private static let fileChunk = 256 * 1024

    func send(_ payload: SendPayload, on entry: StreamEntry, args: String) -> Outcome {
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

        var writer = SendWriter(entry: entry, keep: Session.sendEventByteLimit)
        var problem: (text: String, errno: String?)?
        var buffer: [UInt8] = files.isEmpty ? [] : [UInt8](repeating: 0, count: min(Session.fileChunk, max(perRound, 1)))
        rounds: for _ in 0..<payload.repeatCount {
            for part in payload.parts {
                switch part {
                case .bytes(let bytes):
                    if let failure = bytes.withUnsafeBytes({ writer.write($0) }) {
                        problem = ("\(failure)", failure.errnoName)
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
                        if let failure = buffer.withUnsafeBytes({ writer.write(UnsafeRawBufferPointer(rebasing: $0[..<n])) }) {
                            problem = ("\(failure)", failure.errnoName)
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
        if let problem {
            let message = "sent \(done) of \(total) bytes, then \(problem.text)"
            let event = record(Event(entry: id, op: "send", args: args, ok: false, error: message,
                                     errnoName: problem.errno, bytes: writer.kept, value: "\(done)", elapsed: elapsed))
            return .failure("\(entry.id) send: \(message)", event)
        }
        let event = record(Event(entry: id, op: "send", args: args, bytes: writer.kept, value: "\(done)", elapsed: elapsed))
        return .success("\(entry.id) sent \(HumanText.count(done, "byte"))", event)
    }
}

/// Writes every byte it is given to a stream, capturing them, counting them, and keeping the
/// first few for the send's event.
private struct SendWriter {
    let entry: StreamEntry
    let keep: Int
    private(set) var done = 0
    private(set) var kept: [UInt8] = []

    init(entry: StreamEntry, keep: Int) {
        self.entry = entry
        self.keep = keep
    }

    /// All of `raw`, or the error that stopped it.
    mutating func write(_ raw: UnsafeRawBufferPointer) -> SocketError? {
        var written = 0
        while written < raw.count {
            do throws(SocketError) {
                let n = try entry.stream.write(from: UnsafeRawBufferPointer(rebasing: raw[written...]))
                if n == 0 { return nil }
                let chunk = UnsafeRawBufferPointer(rebasing: raw[written..<(written + n)])
                entry.sent.append(chunk)
                if kept.count < keep { kept += chunk.prefix(keep - kept.count) }
                written += n
                done += n
            } catch {
                return error
            }
        }
        return nil
    }
}
