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
        for (i, event) in events.enumerated() {
            let role: Role = event.ok ? .normal : .error
            canvas.put(EventText.line(event, bytesLimit: 24), x: inner.x + 1, y: inner.y + i, role: role, limit: inner.width - 1)
        }
    }
}
