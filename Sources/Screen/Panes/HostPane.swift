import Inspector

/// The Host view: every TCP socket on the host, one row each, sorted by the chosen column
/// (marked ▼ or ▲), a row that changed since the last refresh marked with `*`.
enum HostPane {
    /// Column widths: the addresses take what is left. Numbers are never cut: a queue holds
    /// up to `4,194,304` (a 4 MiB buffer), a rate up to `999.9 MiB/s`, each plus a gap.
    static let widths: [HostColumn: Int] = [
        .state: 12, .owner: 20, .recvQ: 11, .sendQ: 11, .rtt: 8, .cwnd: 6, .retrans: 5, .rate: 12, .limited: 18, .age: 6,
    ]

    /// The trend: the sort column's last `SampleStrip.capacity` values, one cell each, plus a gap.
    static let trendWidth = SampleStrip.capacity + 1

    /// `table` comes in the order shown: sorting twenty thousand rows is not a frame's work.
    static func draw(_ canvas: inout Canvas, _ rect: Rect, table: HostTable, host: HostViewState, unicode: Bool,
                     now: ContinuousClock.Instant) {
        let changed = table.entries.lazy.filter(\.changed).count
        var title = "Host: \(table.entries.count) TCP socket\(table.entries.count == 1 ? "" : "s")"
        if !host.filterText.isEmpty { title += " matching \(host.filterText)" }
        title += ", \(changed) changed"
        if table.refreshed == nil { title += ", reading…" }
        let inner = PaneFrame.draw(&canvas, rect, title: title, focused: true, unicode: unicode)
        guard inner.height > 1, inner.width > 20 else { return }
        let fixed = widths.values.reduce(0, +) + trendWidth + 2
        let address = max(12, (inner.width - fixed) / 2)
        var x = inner.x + 2
        var columns: [(HostColumn, Int, Int)] = []
        for column in HostColumn.allCases {
            let width = widths[column] ?? address
            columns.append((column, x, width))
            x += width
        }
        for (column, cx, width) in columns where cx < inner.maxX {
            var name = column.rawValue
            if column == host.sortColumn { name += unicode ? (host.descending ? "▼" : "▲") : (host.descending ? "v" : "^") }
            _ = canvas.put(name, x: cx, y: inner.y, role: column == host.sortColumn ? .title : .header, limit: min(width - 1, inner.maxX - cx))
        }
        // The trend follows the sort column once the table was refreshed with it.
        let trendX = x
        let trend = table.trendColumn != nil && table.trendColumn == host.sortColumn && trendX < inner.maxX
        if trend { _ = canvas.put("Trend", x: trendX, y: inner.y, role: .header, limit: inner.maxX - trendX) }
        if let error = table.error {
            _ = canvas.put(error, x: inner.x, y: inner.y + 1, role: .error, limit: inner.width)
            return
        }
        let rows = table.entries  // in the order shown (`HostTable.ordered`)
        var visible = inner.height - 1
        // What could not be seen (other users' owners, without root) stays on the last row.
        if let missing = table.missing.first, visible > 1 {
            visible -= 1
            _ = canvas.put(missing, x: inner.x, y: inner.maxY - 1, role: .warning, limit: inner.width)
        }
        let cursor = max(0, min(host.cursor, rows.count - 1))
        let top = max(0, cursor - visible + 1)
        for (i, entry) in rows.dropFirst(top).prefix(visible).enumerated() {
            let y = inner.y + 1 + i
            if top + i == cursor { canvas.paint(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selected) }
            if entry.changed { _ = canvas.put("*", x: inner.x, y: y, role: .warning) }
            for (column, cx, width) in columns where cx < inner.maxX {
                let text = cell(column, entry, now: now)
                let role: Role = top + i == cursor ? .selected : column == .state ? stateRole(entry.row) : (entry.changed ? .normal : .dim)
                _ = canvas.put(text, x: cx, y: y, role: role, limit: min(width - 1, inner.maxX - cx))
            }
            if trend {
                let spark = Sparkline.render(entry.trend.values, width: SampleStrip.capacity, unicode: unicode)
                _ = canvas.put(spark, x: trendX, y: y, role: top + i == cursor ? .selected : .good, limit: inner.maxX - trendX)
            }
        }
    }

    static func cell(_ column: HostColumn, _ entry: HostTable.Entry, now: ContinuousClock.Instant) -> String {
        let row = entry.row, socket = row.socket, info = socket.info
        switch column {
        case .state: return socket.stateName
        case .local: return socket.local.description
        case .peer: return socket.peer.description
        case .owner: return row.ownerText
        case .recvQ: return Quantity.grouped(socket.receiveQueue)
        case .sendQ: return Quantity.grouped(socket.sendQueue)
        case .rtt: return info.map { rtt($0.rtt) } ?? ""
        case .cwnd: return info.map { String($0.sendCongestionWindow) } ?? ""
        case .retrans: return info.map { String($0.totalRetransmits) } ?? ""
        case .rate: return info.map { Quantity.rate($0.deliveryRate) } ?? ""
        case .limited: return row.limitedBy ?? ""
        case .age: return Quantity.elapsed(now - entry.firstSeen)
        }
    }

    /// Loopback round trips are tens of microseconds: shown in µs below a millisecond.
    private static func rtt(_ d: Duration) -> String {
        let us = d.wholeMicroseconds
        return us < 1000 ? "\(us)us" : Quantity.elapsed(d)
    }

    private static func stateRole(_ row: HostRow) -> Role {
        switch row.socket.state {
        case .established?: .stateEstablished
        case .listen?: .normal
        case .timeWait?, .closed?: .stateClosed
        default: .stateClosing
        }
    }
}
