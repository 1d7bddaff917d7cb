import Inspector

/// The screen's behaviour: keys in, view changes and effects out. A value on the UI thread;
/// pure, so every key path is tested without a terminal.
public struct Interaction: Sendable {
    public var view = ViewState()
    public let help: HelpLibrary
    public private(set) var width = 80
    public private(set) var height = 24

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

    public mutating func handle(_ key: Key, snapshot: Snapshot) -> [Effect] {
        if key == .resize { return [] }
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
        }
    }

    // MARK: normal mode

    private mutating func normal(_ key: Key, _ snapshot: Snapshot) -> [Effect] {
        // Too small a terminal still quits.
        guard layout != nil || key == .character("q") || key == .function(10) else { return [] }
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
            let open = snapshot.streamOrder.count + snapshot.listenerOrder.count
            if open > 0 { view.mode = .confirm(.quit(open: open)) } else { return [.quit] }
        case .prompt(let prefill):
            view.mode = .command
            view.editor.set(prefill)
        case .run(let line):
            guard snapshot.selected != nil else {
                say("\(line): nothing is selected (c connects, l listens)", error: true)
                return []
            }
            return [.submit(line)]
        case .toggleFollow:
            guard let s = snapshot.selectedStream else {
                say("follow: select a stream first", error: true)
                return []
            }
            return [.submit(s.follow ? "follow off" : "follow on")]
        case .close:
            guard let id = snapshot.selected else {
                say("close: nothing is selected", error: true)
                return []
            }
            view.mode = .confirm(.close(id))
        case .find:
            view.mode = .find
            view.editor.set("")
        case .findNext, .findPrevious:
            guard let pattern = view.lastFind else {
                say("no search yet: / finds text or hex:…", error: true)
                return []
            }
            find(pattern, snapshot, backwards: action == .findPrevious)
        case .gotoOffset:
            view.mode = .goto
            view.editor.set("")
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
        case .toggleBothEnds:
            view.bothEnds.toggle()
            say(view.bothEnds ? "both ends of a connection side by side, when both are open here" : "one end only")
        case .redraw:
            return [.redraw]
        }
        return []
    }

    private mutating func focus(_ pane: Pane) {
        view.focus = pane
        if pane == .options || pane == .kernel { view.lastDetail = pane }
    }

    /// Rows a page moves in the focused pane.
    private func page(_ snapshot: Snapshot) -> Int {
        guard let layout else { return 10 }
        let rect = view.focus == .data ? DataPane.split(layout.data, snapshot: snapshot, view: view).0 : layout.rect(of: view.focus)
        return max(1, rect.height - 3)
    }

    private mutating func move(_ delta: Int, _ snapshot: Snapshot) -> [Effect] {
        switch view.focus {
        case .streams:
            let count = StreamsPane.rowCount(snapshot)
            guard count > 0 else { return [] }
            let current = StreamsPane.row(of: snapshot.selected, snapshot) ?? 0
            let target = max(0, min(count - 1, current.addingClamped(delta)))
            guard let entry = StreamsPane.entry(at: target, snapshot) ?? StreamsPane.entry(at: count - snapshot.connecting.count - 1, snapshot),
                  entry != snapshot.selected else { return [] }
            keepVisible(row: StreamsPane.row(of: entry, snapshot) ?? target)
            view.dataTop = nil
            view.match = nil
            return [.submit("select \(entry)")]
        case .options:
            let count = OptionsPane.rows(snapshot).count
            view.optionRow = max(0, min(count - 1, view.optionRow.addingClamped(delta)))
        case .data:
            guard let s = snapshot.selectedStream, let layout else { return [] }
            let area = DataPane.split(layout.data, snapshot: snapshot, view: view).0
            let visible = max(1, area.height - 2)
            let timeline = DataTimeline(stream: s, view: view.dataView)
            let current = DataPane.firstLine(count: timeline.count, visible: visible, top: view.dataTop)
            let last = max(0, timeline.count - visible)
            let target = max(0, min(last, current.addingClamped(delta)))
            view.dataTop = target >= last ? nil : target
        case .log:
            guard let layout else { return [] }
            let visible = UInt64(max(1, layout.log.height - 2))
            let end = snapshot.log.end
            let last = end > visible ? end - visible : 0
            let first = snapshot.log.dropped
            let current = Int64(clamping: view.logTop ?? last)
            let target = UInt64(max(Int64(clamping: first), min(Int64(clamping: last), current.addingClamped(Int64(delta)))))
            view.logTop = target >= last ? nil : target
        case .kernel:
            break
        }
        return []
    }

    private mutating func keepVisible(row: Int) {
        guard let layout else { return }
        let visible = max(1, layout.streams.height - 3)
        if row < view.streamsTop { view.streamsTop = row }
        if row >= view.streamsTop + visible { view.streamsTop = row - visible + 1 }
    }

    private mutating func activate(_ snapshot: Snapshot) -> [Effect] {
        switch view.focus {
        case .streams:
            if snapshot.selected != nil { focus(.data) }
        case .options:
            let rows = OptionsPane.rows(snapshot)
            guard !rows.isEmpty else { return [] }
            let (option, reading) = rows[min(view.optionRow, rows.count - 1)]
            view.mode = .editOption(option)
            if case .value(let v)? = reading { view.editor.set(v.text) } else { view.editor.set("") }
            say("\(option.rawValue): type a value (\(option.valueForm)), Enter sets it, Esc cancels")
        default:
            break
        }
        return []
    }

    private mutating func toggleOption(_ snapshot: Snapshot) -> [Effect] {
        guard view.focus == .options else { return [] }
        let rows = OptionsPane.rows(snapshot)
        guard !rows.isEmpty else { return [] }
        let (option, reading) = rows[min(view.optionRow, rows.count - 1)]
        guard case .value(.flag(let on))? = reading else {
            say("\(option.rawValue) is not on/off: Enter edits it", error: true)
            return []
        }
        return [.submit("set \(option.rawValue) \(on ? "off" : "on")")]
    }

    // MARK: the prompt

    private mutating func command(_ key: Key, _ snapshot: Snapshot) -> [Effect] {
        switch key {
        case .enter:
            let text = view.editor.text
            view.editor.remember(text)
            view.mode = .normal
            return runTyped(text, snapshot)
        case .tab:
            complete(snapshot)
        case .escape, .ctrl("c"), .ctrl("g"):
            view.mode = .normal
        default:
            if !edit(key) { say("\(key) does nothing in the prompt (Enter runs, Esc cancels)", error: true) }
        }
        return []
    }

    /// A typed line: checked here first, so a mistake says what is wrong and nothing runs.
    private mutating func runTyped(_ text: String, _ snapshot: Snapshot) -> [Effect] {
        let line: ParsedLine
        do {
            line = try CommandParser.parse(text)
        } catch {
            say(error.message, error: true)
            return []
        }
        switch line.command {
        case nil:
            return []
        case .help?:
            view.mode = .help
            view.helpTop = 0
            return []
        case .quit?:
            return normal(.character("q"), snapshot)
        default:
            say("running: \(text.trimmingWhitespace())")
            return [.submit(text)]
        }
    }

    private mutating func complete(_ snapshot: Snapshot) {
        let ids = snapshot.entries.map(\.description)
        let text = String(String.UnicodeScalarView(view.editor.scalars.prefix(view.editor.cursor)))
        let options = CommandParser.completions(for: text, streamIDs: ids)
        guard let first = options.first else {
            say("nothing to complete", error: false)
            return
        }
        if options.count == 1 {
            view.editor.replaceLastWord(with: first + " ")
            return
        }
        var common = first
        for option in options.dropFirst() {
            while !option.hasPrefix(common) { common.removeLast() }
        }
        view.editor.replaceLastWord(with: common)
        say(options.prefix(12).joined(separator: "  ") + (options.count > 12 ? "  …" : ""))
    }

    /// Line-editing keys shared by every text field. Returns false for a key it does not know.
    private mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            if !view.editor.insert(String(c)) { say("the line is full (\(LineEditor.limit) characters)", error: true) }
        case .alt(let c):
            view.editor.insert(String(c))
        case .backspace, .ctrl("h"): view.editor.backspace()
        case .delete, .ctrl("d"): view.editor.deleteForward()
        case .left, .ctrl("b"): view.editor.moveLeft()
        case .right, .ctrl("f"): view.editor.moveRight()
        case .home, .ctrl("a"): view.editor.moveHome()
        case .end, .ctrl("e"): view.editor.moveEnd()
        case .ctrl("u"): view.editor.deleteToStart()
        case .ctrl("k"): view.editor.deleteToEnd()
        case .ctrl("w"): view.editor.deleteWord()
        case .up: view.editor.historyPrevious()
        case .down: view.editor.historyNext()
        default: return false
        }
        return true
    }

    // MARK: find and go to

    private mutating func search(_ key: Key, _ snapshot: Snapshot) -> [Effect] {
        switch key {
        case .enter:
            let text = view.editor.text
            let finding = view.mode == .find
            view.mode = .normal
            if finding { startFind(text, snapshot) } else { goto(text, snapshot) }
        case .escape, .ctrl("c"), .ctrl("g"):
            view.mode = .normal
        case .tab:
            break
        default:
            _ = edit(key)
        }
        return []
    }

    private mutating func startFind(_ text: String, _ snapshot: Snapshot) {
        let pattern: [UInt8]
        do {
            pattern = text.hasPrefix("hex:") ? try HexText.decode(String(text.dropFirst(4))) : try EscapedText.decode(text)
        } catch {
            say("find: \(error.message)", error: true)
            return
        }
        guard !pattern.isEmpty else { return }
        view.lastFind = pattern
        view.match = nil
        view.focus = .data
        find(pattern, snapshot, backwards: false)
    }

    private mutating func find(_ pattern: [UInt8], _ snapshot: Snapshot, backwards: Bool) {
        guard let s = snapshot.selectedStream else {
            say("find: select a stream first", error: true)
            return
        }
        let timeline = DataTimeline(stream: s, view: view.dataView)
        guard let (start, bytes) = timeline.searchable(), let found = ByteSearch.find(pattern, in: bytes,
              after: view.match.map { Int($0.lowerBound - start) }, backwards: backwards) else {
            say("find: \(EscapedText.encode(pattern)) not found in the \(Quantity.grouped(timelineHeld(timeline))) bytes shown", error: true)
            return
        }
        let offset = start + UInt64(found)
        view.match = offset..<(offset + UInt64(pattern.count))
        if let line = timeline.lineIndex(of: offset) { view.dataTop = max(0, line - 2) }
        say("found at offset \(offset) (n next, N previous)")
    }

    private func timelineHeld(_ timeline: DataTimeline) -> Int {
        timeline.searchable()?.bytes.count ?? 0
    }

    private mutating func goto(_ text: String, _ snapshot: Snapshot) {
        let trimmed = text.trimmingWhitespace()
        let value: UInt64? = trimmed.lowercased().hasPrefix("0x") ? UInt64(trimmed.dropFirst(2), radix: 16) : UInt64(trimmed)
        guard let offset = value else {
            say("go to: '\(EscapedText.encode(Array(trimmed.utf8.prefix(40))))' is not an offset (decimal, or hex as 0x…)", error: true)
            return
        }
        guard let s = snapshot.selectedStream else {
            say("go to: select a stream first", error: true)
            return
        }
        let timeline = DataTimeline(stream: s, view: view.dataView)
        guard let line = timeline.lineIndex(of: offset) else {
            let t = view.dataView == .received ? s.receivedTotals : s.sentTotals
            say("go to: offset \(offset) is not held (the capture holds \(t.oldest)..<\(t.total)\(view.dataView == .received ? " and the peeked bytes" : ""))", error: true)
            return
        }
        view.focus = .data
        view.dataTop = line
        view.match = offset..<(offset + 1)
        say("offset \(offset)")
    }

    // MARK: editing an option, questions, help

    private mutating func editOption(_ option: SocketOptionName, _ key: Key, _ snapshot: Snapshot) -> [Effect] {
        switch key {
        case .enter:
            let line = "set \(option.rawValue) \(view.editor.text)"
            do {
                _ = try CommandParser.parse(line)
            } catch {
                // Refused before any call: the option keeps its value.
                say(error.message, error: true)
                return []
            }
            view.mode = .normal
            return [.submit(line)]
        case .escape, .ctrl("c"), .ctrl("g"):
            view.mode = .normal
            say("\(option.rawValue) unchanged")
        default:
            _ = edit(key)
        }
        return []
    }

    private mutating func confirm(_ question: ViewState.Confirmation, _ key: Key) -> [Effect] {
        view.mode = .normal
        guard key == .character("y") || key == .character("Y") else {
            say("cancelled")
            return []
        }
        switch question {
        case .quit: return [.quit]
        case .close(let id): return [.submit("\(id): close")]
        }
    }

    private mutating func helpKey(_ key: Key) -> [Effect] {
        switch key {
        case .escape, .character("q"), .character("?"), .function(1), .function(10), .enter:
            view.mode = .normal
        case .down, .character("j"): view.helpTop += 1
        case .up, .character("k"): view.helpTop = max(0, view.helpTop - 1)
        case .pageDown, .character(" "): view.helpTop += max(1, height - 4)
        case .pageUp: view.helpTop = max(0, view.helpTop - max(1, height - 4))
        case .home: view.helpTop = 0
        case .end, .character("G"): view.helpTop = Int.max / 4
        default: break
        }
        let total = help.lines(width: max(10, width - 4)).count
        view.helpTop = min(view.helpTop, max(0, total - (height - 4)))
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
