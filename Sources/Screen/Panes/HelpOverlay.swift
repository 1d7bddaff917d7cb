/// The help screen, over the whole body: keys, commands and the teaching texts.
enum HelpOverlay {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, help: HelpLibrary, top: Int, unicode: Bool) -> Int {
        canvas.fill(rect, with: .blank)
        let inner = PaneFrame.draw(&canvas, rect, title: "Help: Esc or q closes, j/k PgUp/PgDn scroll", focused: true, unicode: unicode)
        let lines = help.lines(width: inner.width - 2)
        let first = min(max(0, top), max(0, lines.count - inner.height))
        for (i, (text, role)) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            canvas.put(text, x: inner.x + 1, y: inner.y + i, role: role, limit: inner.width - 2)
        }
        return lines.count
    }
}
