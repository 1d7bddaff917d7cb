import Inspector

/// The screen's behaviour: keys in, view changes and effects out. A value on the UI thread;
/// pure, so every key path is tested without a terminal.
public struct Interaction: Sendable {
    public var view = ViewState()
    public let help: HelpLibrary
    public private(set) var width = 80
    public private(set) var height = 24
    /// The Host view's rows as drawn (sorted), set by the UI loop before keys are handled:
    /// what the cursor points at and `K` aborts.
    public var hostRows: [HostRow] = []

    public init(help: HelpLibrary, unicode: Bool = true) {
        self.help = help
        view.unicode = unicode
    }

    public mutating func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    var layout: Layout? { Layout.compute(width: width, height: height, lastDetailPane: view.lastDetail) }

    /// Says how a command ended, in the status line.
    public mutating func finished(_ outcome: Outcome) {
        guard !outcome.message.isEmpty else { return }
        say(outcome.message, error: !outcome.ok)
    }

    /// Puts a message in the status line.
    public mutating func say(_ text: String, error: Bool = false) {
        view.status = text
        view.statusIsError = error
    }

    /// Says a write lost to one of the session's files (a full disk) as soon as a snapshot
    /// shows it: it happens in the background, with no command to report it.
    public mutating func noticeLostWrites(_ snapshot: Snapshot) {
        guard snapshot.lostWrites.count > view.lostWritesSaid, let newest = snapshot.lostWrites.last else { return }
        view.lostWritesSaid = snapshot.lostWrites.count
        say(newest.message, error: true)
    }

    /// Announces a connection a listener accepted (`l1 accepted s3 from 127.0.0.1:40112`) as
    /// soon as a snapshot shows it: it arrives in the background, with no command to report it.
    /// `a` jumps to it.
    public mutating func noticeAccepts(_ snapshot: Snapshot) {
        guard let accept = snapshot.lastAccept, accept.number > view.acceptsSaid else { return }
        let missed = accept.number - view.acceptsSaid - 1
        view.acceptsSaid = accept.number
        // Several at once are said as the newest, with how many came with it.
        let more = missed > 0 ? " (and \(missed) more)" : ""
        say(accept.text + more + " (a jumps to it)")
    }

    /// Opens a prompt on the status line. The last message goes (the Log keeps it), so what
    /// the footer shows while the prompt is open is what was said about this line.
    mutating func openPrompt(_ mode: ViewState.Mode, prefill: String = "") {
        view.mode = mode
        view.editor.set(prefill)
        say("")
    }

    /// Cancels a prompt: what was said about the abandoned line goes with it.
    mutating func closePrompt() {
        view.mode = .normal
        say("")
    }

    public mutating func handle(_ key: Key, snapshot: Snapshot) -> [Effect] {
        if key == .resize { return [] }
        if case .paste(let text) = key { return paste(text) }
        // Escape and a key typed together arrive as alt-key; nothing here uses alt, so take
        // them as the two keys they most likely were.
        if case .alt(let c) = key, view.mode != .command {
            return handle(.escape, snapshot: snapshot) + handle(.character(c), snapshot: snapshot)
        }
        switch view.mode {
        case .normal: return normal(key, snapshot)
        case .command: return command(key, snapshot)
        case .find, .goto: return search(key, snapshot)
        case .editOption(let option): return editOption(option, key, snapshot)
        case .confirm(let question): return confirm(question, key)
        case .help: return helpKey(key)
        case .logEntry(let sequence): return logEntryKey(key, sequence, snapshot)
        }
    }

    // MARK: normal mode

    mutating func normal(_ key: Key, _ snapshot: Snapshot) -> [Effect] {
        // Too small a terminal still quits.
        guard layout != nil || key == .character("q") || key == .function(10) else { return [] }
        if view.host != nil, let effects = hostKey(key) { return effects }
        guard let action = KeyMap.action(for: key) else {
            if key == .escape { return [] }
            say("\(key) does nothing here (? lists the keys)", error: true)
            return []
        }
        switch action {
        case .help:
            view.mode = .help
            view.helpTop = 0
        case .quit:
            let streams = snapshot.openStreamCount, listeners = snapshot.listenerOrder.count
            if streams + listeners > 0 { view.mode = .confirm(.quit(streams: streams, listeners: listeners)) } else { return [.quit] }
        case .prompt(let prefill):
            openPrompt(.command, prefill: prefill)
        case .run(let line):
            guard snapshot.selected != nil else {
                say("\(line): nothing is selected (c connects, l listens)", error: true)
                return []
            }
            return [.submit(line)]
        case .cancelPending:
            // Esc with nothing to end stays quiet: it is also how people leave things.
            guard let s = snapshot.selectedStream, s.connect != nil || s.readSide != nil || s.pendingWrite != nil else { return [] }
            let running = s.connect != nil ? ["connect"] : [s.readSide, s.pendingWrite].compactMap { $0?.op }
            say("cancelling \(running.joined(separator: " and ")) on \(s.id)")
            return [.submit("cancel")]
        case .toggleFollow:
            guard let s = snapshot.selectedStream else {
                say("follow: select a stream first", error: true)
                return []
            }
            return [.submit(s.follow ? "follow off" : "follow on")]
        case .toggleHold:
            guard let s = snapshot.selectedStream, let join = s.join else {
                say("hold: select a joined stream first (relay or join makes one)", error: true)
                return []
            }
            return [.submit(join.held ? "hold off" : "hold on")]
        case .close:
            guard let id = snapshot.selected else {
                say("close: nothing is selected", error: true)
                return []
            }
            if let closed = snapshot.selectedStream?.closed {
                say("\(id) is already closed (\(closed.how)); :forget \(id) takes it off the list", error: true)
                return []
            }
            view.mode = .confirm(.close(id))
        case .find:
            openPrompt(.find)
        case .findNext, .findPrevious:
            guard let pattern = view.lastFind else {
                say("no search yet: / finds text or hex:…", error: true)
                return []
            }
            find(pattern, snapshot, backwards: action == .findPrevious)
        case .gotoOffset:
            openPrompt(.goto)
        case .nextPane:
            focus(view.focus.next)
        case .previousPane:
            focus(view.focus.previous)
        case .focus(let pane):
            focus(pane)
        case .up: return move(-1, snapshot)
        case .down: return move(1, snapshot)
        case .pageUp: return move(-page(snapshot), snapshot)
        case .pageDown: return move(page(snapshot), snapshot)
        case .top: return move(Int.min / 2, snapshot)
        case .bottom: return move(Int.max / 2, snapshot)
        case .activate: return activate(snapshot)
        case .toggleOption: return toggleOption(snapshot)
        case .toggleDataView:
            view.dataView = view.dataView == .received ? .sent : .received
            view.dataTop = nil
            view.match = nil
            say("Data pane: \(view.dataView == .received ? "received (read, then peeked)" : "sent") bytes")
        case .toggleTextView:
            view.dataText.toggle()
            view.dataTop = nil
            say(view.dataText ? "Data pane: text, one line per line (CR and LF shown as ␍ ␊, other bytes escaped)" : "Data pane: hexdump")
        case .toggleBothEnds:
            view.bothEnds.toggle()
            say(view.bothEnds ? "both ends of a connection side by side, when both are open here" : "one end only")
        case .redraw:
            return [.redraw]
        case .hostView:
            return showHost(view.host == nil ? .all : nil)
        case .newest:
            guard let id = snapshot.newestStream else {
                say("no stream yet: c connects, l listens", error: true)
                return []
            }
            focus(.streams)
            keepVisible(row: StreamsPane.row(of: .stream(id), snapshot) ?? 0)
            view.dataTop = nil
            view.match = nil
            guard snapshot.selected != .stream(id) else { return [] }
            return [.submit("select \(id)")]
        }
        return []
    }
}

extension Int {
    func addingClamped(_ other: Int) -> Int {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }
}

extension Int64 {
    func addingClamped(_ other: Int64) -> Int64 {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }
}
