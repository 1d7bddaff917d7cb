import Inspector

/// The `:` prompt: line editing, history, completion, and checking a line before it runs.
extension Interaction {
    mutating func command(_ key: Key, _ snapshot: Snapshot) -> [Effect] {
        switch key {
        case .enter:
            let text = view.editor.text
            view.editor.remember(text)
            view.mode = .normal
            return runTyped(text, snapshot)
        case .tab:
            complete(snapshot)
        case .escape, .ctrl("c"), .ctrl("g"):
            closePrompt()
        default:
            if !edit(key) { say("\(key) does nothing in the prompt (Enter runs, Esc cancels)", error: true) }
        }
        return []
    }

    /// A typed line: checked here first, so a mistake says what is wrong and nothing runs.
    mutating func runTyped(_ text: String, _ snapshot: Snapshot) -> [Effect] {
        // `sockets [FILTER]` is the screen's own: it opens the Host view.
        let words = text.split(separator: " ").map(String.init)
        if words.first == "sockets" {
            let filter: HostFilter
            do {
                filter = try HostFilter.parse(Array(words.dropFirst()))
            } catch {
                say(error.message, error: true)
                return []
            }
            return showHost(filter, text: words.dropFirst().joined(separator: " "))
        }
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
        case .help(let topic)?:
            openHelp(at: topic)
            return []
        case .quit?:
            return normal(.character("q"), snapshot)
        case .allowWrite?:
            // It lets commands change another process's socket: asked once more.
            view.mode = .confirm(.allowWrite(text.trimmingWhitespace()))
            return []
        case .abort?:
            // It ends another process's connection: asked once more.
            view.mode = .confirm(.abortStream(text.trimmingWhitespace()))
            return []
        default:
            say("running: \(text.trimmingWhitespace())")
            return [.submit(text)]
        }
    }

    /// Opens the help screen at `topic`'s text (the top for none); an unknown topic leaves the
    /// screen as it was and says so, with the nearest name.
    mutating func openHelp(at topic: String?) {
        var top = 0
        if let topic {
            let found = HelpTopic.resolve(topic)
            if case .unknown(let name, let suggestion) = found {
                say(HelpTopic.unknownText(name, suggestion: suggestion), error: true)
                return
            }
            top = help.line(of: found, width: helpWidth) ?? 0
        }
        view.mode = .help
        view.helpTop = top
        clampHelpTop()
    }

    mutating func complete(_ snapshot: Snapshot) {
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
    mutating func edit(_ key: Key) -> Bool {
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
}
