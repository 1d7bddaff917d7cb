import Inspector

/// The event log, newest last: every call with its result or errno.
enum LogPane {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState, focused: Bool) {
        let dropped = snapshot.log.dropped
        let title = dropped > 0 ? "Log (\(Quantity.grouped(dropped)) older events dropped)" : "Log"
        let inner = PaneFrame.draw(&canvas, rect, title: title, focused: focused, unicode: view.unicode)
        guard inner.height > 0 else { return }
        let end = snapshot.log.end
        let top = view.logTop.map { min($0, end) } ?? (end >= UInt64(inner.height) ? end - UInt64(inner.height) : 0)
        let events = snapshot.log.events(in: top..<min(end, top + UInt64(inner.height)))
        if events.isEmpty {
            canvas.put("Every call and its result appears here.", x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
        }
        // The line Enter opens, marked while the Log has the focus.
        let cursor = focused && end > 0 ? min(view.logCursor ?? end - 1, end - 1) : nil
        for (i, event) in events.enumerated() {
            let role: Role = event.sequence == cursor ? .selected : event.ok ? .normal : .error
            if role == .selected {
                for x in inner.x..<inner.maxX { canvas[x, inner.y + i] = Cell(" ", role: .selected) }
            }
            canvas.put(EventText.line(event, bytesLimit: 24), x: inner.x + 1, y: inner.y + i, role: role, limit: inner.width - 1)
        }
    }
}
