import Inspector

/// Moving around: panes, rows, the selection, and acting on the row under the cursor.
extension Interaction {
    mutating func focus(_ pane: Pane) {
        view.focus = pane
        if pane == .options || pane == .kernel { view.lastDetail = pane }
    }

    /// Rows a page moves in the focused pane.
    func page(_ snapshot: Snapshot) -> Int {
        guard let layout else { return 10 }
        let rect = view.focus == .data ? DataPane.split(layout.data, snapshot: snapshot, view: view).0 : layout.rect(of: view.focus)
        return max(1, rect.height - 3)
    }

    mutating func move(_ delta: Int, _ snapshot: Snapshot) -> [Effect] {
        switch view.focus {
        case .streams:
            let count = StreamsPane.rowCount(snapshot)
            guard count > 0 else { return [] }
            let current = StreamsPane.row(of: snapshot.selected, snapshot) ?? 0
            let target = max(0, min(count - 1, current.addingClamped(delta)))
            guard let entry = StreamsPane.entry(at: target, snapshot) ?? StreamsPane.entry(at: count - 1, snapshot),
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
            let timeline = DataLines(stream: s, view: view, width: area.width)
            let current = DataPane.firstLine(count: timeline.count, visible: visible, top: view.dataTop)
            let last = max(0, timeline.count - visible)
            let target = max(0, min(last, current.addingClamped(delta)))
            view.dataTop = target >= last ? nil : target
        case .log:
            // The cursor moves; the pane scrolls to keep it in sight.
            guard let layout, snapshot.log.end > snapshot.log.dropped else { return [] }
            let visible = UInt64(max(1, layout.log.height - 2))
            let end = snapshot.log.end
            let newest = end - 1
            let first = snapshot.log.dropped
            let current = Int64(clamping: min(view.logCursor ?? newest, newest))
            let cursor = UInt64(max(Int64(clamping: first), min(Int64(clamping: newest), current.addingClamped(Int64(delta)))))
            view.logCursor = cursor == newest ? nil : cursor
            let last = end > visible ? end - visible : 0
            var top = view.logTop ?? last
            if cursor < top { top = cursor }
            if cursor >= top + visible { top = cursor - visible + 1 }
            view.logTop = top >= last ? nil : top
        case .kernel:
            break
        }
        return []
    }

    mutating func keepVisible(row: Int) {
        guard let layout else { return }
        let visible = max(1, layout.streams.height - 3)
        if row < view.streamsTop { view.streamsTop = row }
        if row >= view.streamsTop + visible { view.streamsTop = row - visible + 1 }
    }

    mutating func activate(_ snapshot: Snapshot) -> [Effect] {
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
        case .log:
            let log = snapshot.log
            guard log.end > log.dropped else {
                say("the Log is empty", error: true)
                return []
            }
            let sequence = max(log.dropped, min(view.logCursor ?? log.end - 1, log.end - 1))
            view.mode = .logEntry(sequence)
            view.logEntryTop = 0
            say("event \(sequence) whole: j/k scroll, Esc closes")
        default:
            break
        }
        return []
    }

    mutating func toggleOption(_ snapshot: Snapshot) -> [Effect] {
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
}
