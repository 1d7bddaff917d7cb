/// A pane's border and title: `┌─ Streams (3) ─────┐`. The focused pane's border stands out.
enum PaneFrame {
    /// Draws the frame and returns the inside rectangle.
    @discardableResult
    static func draw(_ canvas: inout Canvas, _ rect: Rect, title: String, focused: Bool, unicode: Bool) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let role: Role = focused ? .borderFocused : .border
        let g = unicode ? Glyphs.unicode : Glyphs.ascii
        for x in (rect.x + 1)..<(rect.maxX - 1) {
            canvas[x, rect.y] = Cell(g.horizontal, role: role)
            canvas[x, rect.maxY - 1] = Cell(g.horizontal, role: role)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            canvas[rect.x, y] = Cell(g.vertical, role: role)
            canvas[rect.maxX - 1, y] = Cell(g.vertical, role: role)
        }
        canvas[rect.x, rect.y] = Cell(g.topLeft, role: role)
        canvas[rect.maxX - 1, rect.y] = Cell(g.topRight, role: role)
        canvas[rect.x, rect.maxY - 1] = Cell(g.bottomLeft, role: role)
        canvas[rect.maxX - 1, rect.maxY - 1] = Cell(g.bottomRight, role: role)
        canvas.put(" \(title) ", x: rect.x + 2, y: rect.y, role: focused ? .title : .header, limit: rect.width - 4)
        return rect.inset(by: 1)
    }

    struct Glyphs {
        var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Unicode.Scalar
        static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
        static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
    }
}
