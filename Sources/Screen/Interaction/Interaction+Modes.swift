import Inspector

/// Editing an option in place, yes/no questions, and the help screen.
extension Interaction {
    mutating func editOption(_ option: SocketOptionName, _ key: Key, _ snapshot: Snapshot) -> [Effect] {
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

    mutating func confirm(_ question: ViewState.Confirmation, _ key: Key) -> [Effect] {
        view.mode = .normal
        guard key == .character("y") || key == .character("Y") else {
            say("cancelled")
            return []
        }
        switch question {
        case .quit: return [.quit]
        case .close(let id): return [.submit("\(id): close")]
        case .abort(let row): return [.abortHost(row)]
        case .allowWrite(let text), .abortStream(let text): return [.submit(text)]
        }
    }

    mutating func helpKey(_ key: Key) -> [Effect] {
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
        clampHelpTop()
        return []
    }

    /// Keys while one Log event is shown whole: scrolling, and Esc (or Enter, q) closes.
    mutating func logEntryKey(_ key: Key, _ sequence: UInt64, _ snapshot: Snapshot) -> [Effect] {
        let body = LogEntryOverlay.body(width: width, height: height)
        let visible = max(1, body.height - 2)
        let rows = snapshot.log.events(in: sequence..<(sequence + 1)).first
            .map { LogEntryOverlay.lines($0, width: body.width - 4).count } ?? 1
        let last = max(0, rows - visible)
        switch key {
        case .escape, .enter, .character("q"), .ctrl("c"), .ctrl("g"):
            view.mode = .normal
            say("")
            return []
        case .down, .character("j"): view.logEntryTop += 1
        case .up, .character("k"): view.logEntryTop -= 1
        case .pageDown, .character(" "): view.logEntryTop += visible
        case .pageUp: view.logEntryTop -= visible
        case .home: view.logEntryTop = 0
        case .end, .character("G"): view.logEntryTop = last
        default: break
        }
        view.logEntryTop = max(0, min(view.logEntryTop, last))
        return []
    }

    /// The width the help screen wraps its text to.
    var helpWidth: Int { max(10, width - 4) }

    /// Keeps the help screen's first line where a full page still fits below it.
    mutating func clampHelpTop() {
        let total = help.lines(width: helpWidth).count
        view.helpTop = min(view.helpTop, max(0, total - (height - 4)))
    }
}
