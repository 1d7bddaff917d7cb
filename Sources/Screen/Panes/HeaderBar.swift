import Inspector

/// The top row: the program, the selected connection at a glance, and what is being recorded.
enum HeaderBar {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState) {
        canvas.fill(rect, with: Cell(" ", role: .status))
        var x = rect.x
        x += canvas.put(" tcpscope ", x: x, y: rect.y, role: .title)
        var summary = ""
        if let s = snapshot.selectedStream {
            let arrow = view.unicode ? "→" : "->"
            summary = " \(s.id) \(s.local?.description ?? "?") \(arrow) \(s.peer?.description ?? "?")  \(s.stateName)"
            if let info = s.info { summary += "  rtt \(TcpInfoText.micros(info.rtt))  cwnd \(info.sendCongestionWindow)" }
        } else if let l = snapshot.selectedListener {
            summary = " \(l.id) listening on \(l.local?.description ?? "?")  accepted \(l.accepted)"
            if l.allInterfaces {
                summary += "  (all interfaces: reachable from other hosts)"
            } else if l.reachableFromOtherHosts {
                summary += "  (reachable from other hosts)"
            }
        }
        x += canvas.put(summary, x: x, y: rect.y, role: .status, limit: rect.maxX - x)
        var right = "? help "
        if let path = snapshot.transcriptPath { right = "transcript: \(MessageText.fileName(path))  " + right }
        let rx = rect.maxX - right.unicodeScalars.count
        if rx > x + 1 { canvas.put(right, x: rx, y: rect.y, role: .status) }
    }
}
