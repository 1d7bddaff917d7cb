import Inspector

/// Finding bytes and jumping to offsets in the Data pane.
extension Interaction {
    mutating func search(_ key: Key, _ snapshot: Snapshot) -> [Effect] {
        switch key {
        case .enter:
            let text = view.editor.text
            let finding = view.mode == .find
            view.mode = .normal
            if finding { startFind(text, snapshot) } else { goto(text, snapshot) }
        case .escape, .ctrl("c"), .ctrl("g"):
            closePrompt()
        case .tab:
            break
        default:
            _ = edit(key)
        }
        return []
    }

    mutating func startFind(_ text: String, _ snapshot: Snapshot) {
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

    mutating func find(_ pattern: [UInt8], _ snapshot: Snapshot, backwards: Bool) {
        guard let s = snapshot.selectedStream else {
            say("find: select a stream first", error: true)
            return
        }
        let timeline = dataLines(s, snapshot)
        guard let (start, bytes) = timeline.searchable(), let found = ByteSearch.find(pattern, in: bytes,
              after: view.match.map { Int($0.lowerBound - start) }, backwards: backwards) else {
            say("find: \(EscapedText.encode(pattern)) not found in the \(Quantity.grouped(timelineHeld(timeline))) \(timelineHeld(timeline) == 1 ? "byte" : "bytes") shown", error: true)
            return
        }
        let offset = start + UInt64(found)
        view.match = offset..<(offset + UInt64(pattern.count))
        if let line = timeline.lineIndex(of: offset) { view.dataTop = max(0, line - 2) }
        say("found at offset \(offset) (n next, N previous)")
    }

    /// The Data pane's lines for `stream`, laid out for the pane's width now.
    func dataLines(_ stream: StreamSnapshot, _ snapshot: Snapshot) -> DataLines {
        let width = layout.map { DataPane.split($0.data, snapshot: snapshot, view: view).0.width } ?? width
        return DataLines(stream: stream, view: view, width: width)
    }

    func timelineHeld(_ timeline: DataLines) -> Int {
        timeline.searchable()?.bytes.count ?? 0
    }

    mutating func goto(_ text: String, _ snapshot: Snapshot) {
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
        let timeline = dataLines(s, snapshot)
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
}
