import Dispatch
import TcpModel

/// Running commands: the one entry point for the prompt, key bindings and scripts.
extension Session {
    /// Parses and runs one line of the command language. `completion` is called once, on
    /// some background thread, when the command has finished (a blocking read finishes when
    /// the kernel answers). A line that does not parse changes nothing.
    public func submit(_ text: String, completion: @escaping @Sendable (Outcome) -> Void = { _ in }) {
        let line: ParsedLine
        do {
            line = try CommandParser.parse(text)
        } catch {
            completion(.failure(error.message))
            return
        }
        submit(line, text: text, completion: completion)
    }

    /// Runs an already parsed line; `text` is what gets saved by `save`.
    public func submit(_ line: ParsedLine, text: String, completion: @escaping @Sendable (Outcome) -> Void = { _ in }) {
        guard let command = line.command else {
            completion(.success(""))
            return
        }
        if let refusal = startFailureText {
            completion(.failure(refusal))
            return
        }
        let scriptLine = text.trimmingWhitespace()
        let recordAndComplete: @Sendable (Outcome) -> Void = { [weak self] outcome in
            self?.state.withLock { s in
                if command.isRecorded {
                    s.script.append(outcome.ok || scriptLine.hasPrefix("try ") ? scriptLine : "try \(scriptLine)")
                }
                if !command.isCheck { s.lastResult = outcome }
            }
            completion(outcome)
        }
        execute(command, target: line.target, completion: recordAndComplete)
    }

    /// Runs a line and waits for it to finish: what a script does.
    public func perform(_ text: String) -> Outcome {
        let box = OutcomeBox()
        submit(text) { box.set($0) }
        return box.wait()
    }

    /// Runs a parsed line and waits for it to finish.
    public func perform(_ line: ParsedLine, text: String) -> Outcome {
        let box = OutcomeBox()
        submit(line, text: text) { box.set($0) }
        return box.wait()
    }

    /// Runs a parsed line and waits at most `limit` for it: a line still running then is
    /// cancelled (what is pending on its stream: a read, a send, a wait, a connect) and fails,
    /// saying how long it was given. nil `limit` waits as long as the line takes.
    public func perform(_ line: ParsedLine, text: String, limit: Duration?) -> Outcome {
        start(line, text: text).finish(limit: limit)
    }

    /// Starts a line without waiting for it (a script's `read &`); `finish` waits for it.
    public func start(_ line: ParsedLine, text: String) -> RunningLine {
        let box = OutcomeBox()
        // The entry it acts on, as it is now: the one to cancel if it runs too long.
        let target = line.target ?? currentSelection()
        submit(line, text: text) { box.set($0) }
        return RunningLine(session: self, target: target, text: text, box: box)
    }

    /// Waits for a started line, at most `limit`: then cancels it and says it timed out.
    func finish(_ target: EntryID?, text: String, box: OutcomeBox, limit: Duration?) -> Outcome {
        guard let limit else { return box.wait() }
        if let outcome = box.wait(for: limit) { return outcome }
        let given = "`\(MessageText.escaped(text.trimmingWhitespace(), limit: 60))` timed out after \(DurationText.format(limit)) (--timeout)"
        let cancelText = target.map { "\($0): cancel" } ?? "cancel"
        if let cancelLine = try? CommandParser.parse(cancelText) {
            _ = perform(cancelLine, text: cancelText)
        }
        // A cancelled call ends within milliseconds; a sleep cannot be cancelled.
        guard let ended = box.wait(for: .seconds(2)) else {
            return .failure("\(given), and it could not be cancelled")
        }
        return .failure("\(given): \(ended.message)", ended.event)
    }

    func execute(_ command: Command, target: EntryID?, completion: @escaping @Sendable (Outcome) -> Void) {
        switch command {
        case .connect(let targetText, let timeout, let from, let tls):
            connect(targetText, timeout: timeout, from: from, tls: tls, completion: completion)
        case .listen(let address, let backlog, let reuseAddress, let reusePort, let accepting, let tls):
            completion(listen(address, backlog: backlog, reuseAddress: reuseAddress, reusePort: reusePort, accepting: accepting,
                              tls: tls))
        case .select(let id):
            completion(select(id))
        case .forget(let target):
            completion(forget(target))
        case .wait(let condition, let timeout):
            let resolved = target ?? currentSelection()
            runDetached("wait") { [self] in
                completion(wait(condition, on: resolved, timeout: timeout))
            }
        case .expect(let expectation):
            completion(expect(expectation, target: target ?? currentSelection()))
        case .note(let text):
            let event = record(Event(entry: nil, op: "note", value: text))
            completion(.success(text, event))
        case .sleep(let duration):
            let millis = Int(clamping: max(0, duration.wholeMilliseconds))
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(millis)) {
                completion(.success("slept \(DurationText.format(duration))"))
            }
        case .save(let path, let overwrite):
            completion(save(to: path, overwrite: overwrite))
        case .transcript(let path, let overwrite):
            completion(path.map { transcriptStart($0, overwrite: overwrite) } ?? transcriptStop())
        case .help, .quit:
            // The front end (the UI or the script runner) acts on these itself.
            completion(.success(""))
        case .attach(let attachTarget):
            runDetached("attach") { [self] in completion(attach(attachTarget)) }
        case .relay(let address, let upstream):
            completion(relay(address, upstream: upstream))
        case .send, .read, .peek, .set, .get, .shutdown, .clone, .close, .error, .follow, .info, .cancel, .allowWrite, .abort,
             .join, .unjoin, .hold, .step, .drop, .delay, .rate, .starttls:
            executeOnEntry(command, target: target ?? currentSelection(), completion: completion)
        }
    }

    func currentSelection() -> EntryID? {
        state.withLock { $0.snapshot.selected }
    }

    /// Commands that act on one stream or listener: resolved here, run on its queue.
    private func executeOnEntry(_ command: Command, target: EntryID?, completion: @escaping @Sendable (Outcome) -> Void) {
        guard let target else {
            completion(.failure("\(command.name): nothing is selected (open one with connect or listen, or select one)"))
            return
        }
        switch target {
        case .stream(let id):
            guard let entry = entry(id) else {
                if let attempt = state.withLock({ $0.connects[id] }) {
                    completeOnConnecting(id, attempt, command, completion: completion)
                    return
                }
                completion(.failure(closedRefusal(command, id) ?? "\(command.name): \(id) is not open (\(openEntriesText()))"))
                return
            }
            runOnStream(entry, command, completion: completion)
        case .listener(let id):
            guard let entry = listenerEntry(id) else {
                completion(.failure("\(command.name): \(id) is not open (\(openEntriesText()))"))
                return
            }
            runOnListener(entry, command, completion: completion)
        }
    }

    /// A command for a stream whose connect is still in progress: `cancel` and `close` end the
    /// connect; anything else has to wait for it.
    private func completeOnConnecting(_ id: StreamID, _ attempt: ConnectAttempt, _ command: Command,
                                      completion: @escaping @Sendable (Outcome) -> Void) {
        switch command {
        case .cancel, .close:
            runDetached("\(id).\(command.name)") { [self] in completion(endConnect(id, attempt, command: command)) }
        default:
            let since = state.withLock { $0.snapshot.streams[id]?.connect?.started }
            let running = since.map { " for \(DurationText.format(clock.now - $0))" } ?? ""
            completion(.failure("\(command.name): \(id) is still connecting (SYN_SENT\(running)); `cancel` (Esc) or `close` ends the connect"))
        }
    }

    /// `open: s1, s2, l1`, or `nothing is open`: said when a command names a missing id.
    func openEntriesText() -> String {
        let ids = state.withLock { s in s.snapshot.entries.filter { id in
            if case .stream(let sid) = id { return s.snapshot.streams[sid]?.closed == nil }
            return true
        } }
        return ids.isEmpty ? "nothing is open" : "open: " + ids.map(\.description).joined(separator: ", ")
    }

    private func select(_ id: EntryID) -> Outcome {
        let found = mutate { s -> Bool in
            let exists: Bool
            switch id {
            // A closed stream can be selected (its captures stay to look at), and so can one
            // still connecting.
            case .stream(let sid): exists = s.snapshot.streams[sid] != nil || s.connects[sid] != nil
            case .listener(let lid): exists = s.listeners[lid] != nil
            }
            if exists { s.snapshot.selected = id }
            return exists
        }
        guard found else { return .failure("select: \(id) is not open (\(openEntriesText()))") }
        return .success("selected \(id)")
    }
}

extension Command {
    /// The command word, for messages.
    var name: String {
        switch self {
        case .connect: "connect"
        case .listen: "listen"
        case .select: "select"
        case .send: "send"
        case .read: "read"
        case .peek: "peek"
        case .set(let option, _): "set \(option.rawValue)"
        case .get(let option): option.map { "get \($0.rawValue)" } ?? "get"
        case .shutdown: "shutdown"
        case .clone: "clone"
        case .close: "close"
        case .forget: "forget"
        case .error: "error"
        case .follow: "follow"
        case .info: "info"
        case .attach: "attach"
        case .allowWrite: "allow-write"
        case .abort: "abort"
        case .relay: "relay"
        case .join: "join"
        case .unjoin: "unjoin"
        case .hold: "hold"
        case .step: "step"
        case .drop: "drop"
        case .delay: "delay"
        case .rate: "rate"
        case .starttls: "starttls"
        case .cancel: "cancel"
        case .wait: "wait"
        case .expect: "expect"
        case .note: "note"
        case .sleep: "sleep"
        case .help: "help"
        case .quit: "quit"
        case .save: "save"
        case .transcript: "transcript"
        }
    }

    /// Whether the command only checks or explains (`expect`, `note`): it leaves "the command
    /// before" of `expect error` and `expect elapsed` where it was.
    var isCheck: Bool {
        switch self {
        case .expect, .note: true
        default: false
        }
    }

    /// Whether `save` writes this command into the script it makes.
    var isRecorded: Bool {
        switch self {
        case .help, .quit, .save, .transcript, .cancel: false
        default: true
        }
    }
}

/// A line started and not waited for yet.
public struct RunningLine: Sendable {
    let session: Session
    let target: EntryID?
    let text: String
    let box: OutcomeBox

    /// Its outcome, once it has finished; with a `limit`, a line still running after it is
    /// cancelled and fails, saying so.
    public func finish(limit: Duration?) -> Outcome {
        session.finish(target, text: text, box: box, limit: limit)
    }
}

/// One outcome handed from a completion to a waiting thread.
final class OutcomeBox: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let value = Locked<Outcome?>(nil)

    func set(_ outcome: Outcome) {
        value.withLock { $0 = outcome }
        semaphore.signal()
    }

    func wait() -> Outcome {
        semaphore.wait()
        return value.withLock { $0 } ?? .failure("no outcome")
    }

    /// The outcome, or nil if none came within `limit`.
    func wait(for limit: Duration) -> Outcome? {
        let ms = limit.pollMilliseconds
        guard semaphore.wait(timeout: .now() + .milliseconds(Int(ms))) == .success else { return nil }
        return value.withLock { $0 } ?? .failure("no outcome")
    }
}
