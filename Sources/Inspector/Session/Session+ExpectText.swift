import Dispatch

/// `expect contains`, `expect matches` and `expect closed`: what scripts that talk to real
/// servers check, where the exact bytes (a date, a length) differ from run to run.
extension Session {
    /// How long `expect matches` waits for one match. A backtracking expression such as
    /// `(a+)+b` can take longer than the universe's age on a line of a's: the expect fails
    /// then. The task is cancelled, but Swift's regex engine does not stop for that (measured:
    /// it keeps a core busy), so the thread runs on until the process exits.
    static let matchTimeLimit: Duration = .seconds(5)

    /// `expect contains TEXT`: the bytes appear somewhere in what the last read or peek returned.
    func expectInLastRead(contains wanted: [UInt8]) -> Outcome {
        let args = "contains \"\(EscapedText.encode(wanted))\""
        guard let got = state.withLock({ $0.lastRead }) else { return nothingRead(args) }
        if let at = Session.firstIndex(of: wanted, in: got) {
            let event = record(Event(entry: nil, op: "expect", args: args, value: "matched at byte \(at)"))
            return .success("expect: the last read holds \"\(EscapedText.encode(wanted))\" at byte \(at)", event)
        }
        let why = "expected the last read to contain \"\(EscapedText.encode(wanted))\" but it returned "
            + EventText.preview(got, limit: 200)
        let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why, bytes: got))
        return .failure("expect: \(why)", event)
    }

    /// `expect matches REGEX`: the last read or peek, as text, has a match.
    func expectInLastRead(matching pattern: String) -> Outcome {
        let args = "matches \(pattern)"
        guard let got = state.withLock({ $0.lastRead }) else { return nothingRead(args) }
        do {
            _ = try Session.regex(pattern)
        } catch {
            // The parser compiled it already; this is only for a command built some other way.
            let why = "bad regular expression: \(MessageText.escaped(String(describing: error), limit: 120))"
            return .failure("expect: \(why)", record(Event(entry: nil, op: "expect", args: args, ok: false, error: why)))
        }
        let text = String(decoding: got, as: UTF8.self)
        guard let outcome = Session.firstMatch(pattern, in: text, within: Session.matchTimeLimit) else {
            let why = "matching \(MessageText.quoted(pattern)) took more than \(HumanText.duration(Session.matchTimeLimit)) "
                + "(nested repetition such as (a+)+ backtracks without end; the match goes on in the background until tcpscope exits)"
            let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why))
            return .failure("expect: \(why)", event)
        }
        if let found = outcome {
            let found = EscapedText.encode(Array(found.utf8))
            let shown = found.count > 80 ? String(found.prefix(77)) + "..." : found
            let event = record(Event(entry: nil, op: "expect", args: args, value: "matched \"\(shown)\""))
            return .success("expect: matched \"\(shown)\"", event)
        }
        let why = "expected the last read to match \(MessageText.quoted(pattern)) but it returned " + EventText.preview(got, limit: 200)
        let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: why, bytes: got))
        return .failure("expect: \(why)", event)
    }

    /// `expect closed`: the stream ended, as a read sees it, and how.
    func expectClosed(target: EntryID?) -> Outcome {
        let args = "closed"
        guard case .stream(let id) = target else {
            return .failure("expect closed: needs a stream (select one, or prefix the line with s1:)")
        }
        guard let s = state.withLock({ $0.snapshot.streams[id] }) else {
            return .failure("expect closed: \(id) is not open (\(openEntriesText()))")
        }
        let how: String?
        if s.attached != nil, let closing = s.closed {
            // An attached stream closes when its owner lets go of the socket.
            how = closing.how
        } else if let end = s.readEnd {
            how = end
        } else if let name = s.readFailure {
            how = name == "ECONNRESET" ? "reset (ECONNRESET)" : "ended with \(name)"
        } else if s.endOfStream {
            how = "end of stream"
        } else if s.peerClosed && s.queues.toRead == 0 && !s.errorPending && !s.follow {
            how = "end of stream (the peer sent FIN and nothing is left to read)"
        } else {
            how = nil
        }
        if let how {
            let event = record(Event(entry: .stream(id), op: "expect", args: args, value: how))
            return .success("expect: \(id) closed: \(how)", event)
        }
        var why = "expected \(id) to be closed, but it is not: \(Session.waitState(s))"
        if s.peerClosed || s.errorPending || s.hangUp {
            why += "; read to the end first (a read returns end of stream or the error)"
        }
        let event = record(Event(entry: .stream(id), op: "expect", args: args, ok: false, error: why))
        return .failure("expect: \(why)", event)
    }

    /// The text of the first match (`.some(nil)` when there is none), or nil when matching
    /// ran past `limit` and was cancelled.
    static func firstMatch(_ pattern: String, in text: String, within limit: Duration) -> String?? {
        let result = Locked<String??>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached {
            // Compiled here: a Regex value is not Sendable.
            let found = (try? regex(pattern)).flatMap { text.firstMatch(of: $0) }.map { String(text[$0.range]) }
            // A cancelled match reports no match; the waiter has given up on it then.
            result.withLock { $0 = .some(found) }
            done.signal()
        }
        let millis = Int(clamping: limit.wholeMilliseconds)
        guard done.wait(timeout: .now() + .milliseconds(millis)) == .success else {
            task.cancel()
            return nil
        }
        return result.withLock { $0 }
    }

    /// The expression as `expect matches` uses it: scalar by scalar (a "\r\n" is one
    /// Character, and `\r` must match its CR), with `^` and `$` at line ends too.
    static func regex(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        try Regex(pattern).anchorsMatchLineEndings().matchingSemantics(.unicodeScalar)
    }

    private func nothingRead(_ args: String) -> Outcome {
        let event = record(Event(entry: nil, op: "expect", args: args, ok: false, error: "nothing has been read yet"))
        return .failure("expect: nothing has been read yet (read or peek first)", event)
    }

    /// Where `needle` first occurs in `haystack`; nil if nowhere.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty ? 0 : nil }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
