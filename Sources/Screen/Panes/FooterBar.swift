/// The last row: the main keys, as htop shows them.
enum FooterBar {
    static func draw(_ canvas: inout Canvas, _ rect: Rect) {
        canvas.fill(rect, with: Cell(" ", role: .footerLabel))
        var x = rect.x
        for (key, label) in KeyMap.footer {
            guard x < rect.maxX else { break }
            x += canvas.put(key, x: x, y: rect.y, role: .footerKey, limit: rect.maxX - x)
            x += canvas.put(label, x: x, y: rect.y, role: .footerLabel, limit: rect.maxX - x)
            x += 1
        }
    }
}
