/// The last row: the main keys, as htop shows them. While a prompt holds the status line, the
/// footer speaks for the prompt instead: what was said about the line being typed (Tab's
/// completions, "the line is full"), or else the keys the prompt takes.
enum FooterBar {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, view: ViewState) {
        canvas.fill(rect, with: Cell(" ", role: .footerLabel))
        switch view.mode {
        case .command, .find, .goto:
            if !view.status.isEmpty {
                canvas.put(view.status, x: rect.x, y: rect.y, role: view.statusIsError ? .error : .footerLabel, limit: rect.width)
                return
            }
            let history = view.unicode ? "↑↓" : "Up/Dn"
            let keys: [(key: String, label: String)] = view.mode == .command
                ? [("Enter", "Run"), ("Esc", "Cancel"), ("Tab", "Complete"), (history, "History"), ("^U", "Clear")]
                : [("Enter", "Go"), ("Esc", "Cancel"), (history, "History"), ("^U", "Clear")]
            drawKeys(&canvas, rect, keys)
        case .logEntry:
            drawKeys(&canvas, rect, [("Esc", "Close"), ("j/k", "Scroll"), ("PgUp/PgDn", "Page")])
        case .normal, .editOption, .help, .confirm:
            drawKeys(&canvas, rect, KeyMap.footer)
        }
    }

    private static func drawKeys(_ canvas: inout Canvas, _ rect: Rect, _ keys: [(key: String, label: String)]) {
        var x = rect.x
        for (key, label) in keys {
            guard x < rect.maxX else { break }
            x += canvas.put(key, x: x, y: rect.y, role: .footerKey, limit: rect.maxX - x)
            x += canvas.put(label, x: x, y: rect.y, role: .footerLabel, limit: rect.maxX - x)
            x += 1
        }
    }
}
