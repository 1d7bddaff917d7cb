import Inspector

/// Every open listener and stream, one row each, listeners first: id, TCP state, local and
/// peer address, bytes read and sent, bytes waiting in the kernel, flags, and the operation
/// still running with its time. A closed stream stays in its place, dimmed, its state CLOSED
/// and how it ended where the flags were, until `forget`.
enum StreamsPane {
    /// Rows the pane lists: listeners, then streams (those still connecting among them).
    static func rowCount(_ snapshot: Snapshot) -> Int {
        snapshot.listenerOrder.count + snapshot.streamOrder.count
    }

    /// The entry on row `index`, if it is a listener or an open stream.
    static func entry(at index: Int, _ snapshot: Snapshot) -> EntryID? {
        let listeners = snapshot.listenerOrder.count
        if index < 0 { return nil }
        if index < listeners { return .listener(snapshot.listenerOrder[index]) }
        let s = index - listeners
        if s < snapshot.streamOrder.count { return .stream(snapshot.streamOrder[s]) }
        return nil
    }

    static func row(of entry: EntryID?, _ snapshot: Snapshot) -> Int? {
        switch entry {
        case .listener(let id)?: return snapshot.listenerOrder.firstIndex(of: id)
        case .stream(let id)?:
            // Stream ids only grow, so the list is sorted: a binary search finds the row.
            let order = snapshot.streamOrder
            var lo = 0, hi = order.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if order[mid] < id { lo = mid + 1 } else { hi = mid }
            }
            return lo < order.count && order[lo] == id ? snapshot.listenerOrder.count + lo : nil
        case nil: return nil
        }
    }

    /// The longest text of each column that has text of varying length, in the rows shown.
    struct Content {
        var address = 0, numbers = 0, flags = 0, pending = 0
    }

    /// Column widths: each column first gets what its content needs (a whole address, whole
    /// numbers, whole ids), then room to spare goes to the flags and the pending operation.
    /// Only when even the needs do not fit is anything cut: the pending operation's text first,
    /// then the flags, and the address last (down to 12 cells, on a terminal this narrow).
    struct Columns {
        var id = 5, state = 12, read = 7, sent = 7, wait = 7, flags = 16, pending = 12
        var address = 20

        /// `idLength`: the longest id listed (s10000 takes six cells), so no id is ever cut.
        init(width: Int, idLength: Int = 4, content: Content = Content(address: 33, numbers: 5)) {
            id = max(id, idLength + 1)
            // Byte counts are at most eight characters (`34.5 KiB`, `999`); the heading needs four.
            let number = min(9, max(5, content.numbers + 1))
            read = number
            sent = number
            wait = number
            let base = id + state + read + sent + wait
            let addressNeed = min(60, max(12, content.address + 1))
            let flagsNeed = max(6, content.flags + 1)
            let pendingNeed = max(8, content.pending + 1)
            let spare = width - base - addressNeed - flagsNeed - pendingNeed
            if spare >= 0 {
                address = addressNeed
                flags = flagsNeed + min(12, spare / 2)
                pending = pendingNeed + min(12, spare - spare / 2)
                // Still room: a longer address column lines up the rows' arrows.
                address += max(0, min(50 - address, width - base - address - flags - pending))
                return
            }
            var deficit = -spare
            address = addressNeed
            flags = flagsNeed
            pending = pendingNeed
            // Headings may be cut where their column's content is shorter; content only after
            // that: the pending text, then the flags, and the address last.
            let steps: [(WritableKeyPath<Columns, Int>, Int)] = [
                (\.pending, content.pending + 1), (\.flags, content.flags + 1),
                (\.pending, 1), (\.flags, 1), (\.address, 12),
            ]
            for (column, floor) in steps where deficit > 0 {
                let take = min(deficit, max(0, self[keyPath: column] - floor))
                self[keyPath: column] -= take
                deficit -= take
            }
        }
    }

    /// The longest address, byte count, flags and pending text in rows `rows`.
    static func content(_ snapshot: Snapshot, rows: Range<Int>, now: ContinuousClock.Instant, arrow: Bool) -> Content {
        var c = Content()
        let to = arrow ? " → " : " -> "
        for index in rows {
            switch entry(at: index, snapshot) {
            case .listener(let id)?:
                guard let l = snapshot.listeners[id] else { continue }
                c.address = max(c.address, (l.local?.description ?? "?").count)
                c.flags = max(c.flags, listenerFlags(l).count)
                c.numbers = max(c.numbers, "acc \(l.accepted)".count / 2)
                c.pending = max(c.pending, l.acceptError.map { shortErrno($0).count } ?? 0)
            case .stream(let id)?:
                guard let s = snapshot.streams[id] else { continue }
                c.address = max(c.address, "\(s.local?.description ?? "?")\(to)\(s.peer?.description ?? "?")".count)
                c.numbers = max(c.numbers, Quantity.bytes(s.receivedTotals.total).count, Quantity.bytes(s.sentTotals.total).count,
                                Quantity.bytes(s.queues.toRead).count)
                c.flags = max(c.flags, flags(s).count)
                c.pending = max(c.pending, PendingText.of(s, now: now).count)
            case nil:
                c.pending = max(c.pending, 24)
                c.address = max(c.address, 24)
            }
        }
        return c
    }

    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState, focused: Bool, now: ContinuousClock.Instant) -> Int {
        let total = rowCount(snapshot)
        let closed = snapshot.closedOrder.isEmpty ? "" : ", \(snapshot.closedOrder.count) closed"
        let title = "Streams (\(plural(snapshot.openStreamCount, "stream"))\(closed), \(plural(snapshot.listenerOrder.count, "listener")))"
        let inner = PaneFrame.draw(&canvas, rect, title: title, focused: focused, unicode: view.unicode)
        guard inner.height > 1 else { return view.streamsTop }
        let visible = inner.height - 1
        let selectedRow = row(of: snapshot.selected, snapshot)
        var top = min(view.streamsTop, max(0, total - visible))
        if let selectedRow {
            if selectedRow < top { top = selectedRow }
            if selectedRow >= top + visible { top = selectedRow - visible + 1 }
        }
        let shown = top..<min(total, top + visible)
        let c = Columns(width: inner.width - 1, idLength: longestID(snapshot),
                        content: content(snapshot, rows: shown, now: now, arrow: view.unicode))
        var x = inner.x + 1
        for (text, w) in [("ID", c.id), ("STATE", c.state), ("LOCAL → PEER", c.address), ("READ", c.read), ("SENT", c.sent),
                          ("WAIT", c.wait), ("FLAGS", c.flags), ("PENDING", c.pending)] {
            canvas.put(text, x: x, y: inner.y, role: .header, limit: w - 1)
            x += w
        }
        if total == 0 {
            canvas.put("Nothing open. c connects, l listens, : takes any command.", x: inner.x + 1, y: inner.y + 1, role: .dim, limit: inner.width - 1)
            return 0
        }
        for line in 0..<min(visible, total - top) {
            let index = top + line
            let y = inner.y + 1 + line
            let selected = index == selectedRow
            drawRow(&canvas, index: index, x: inner.x + 1, y: y, c: c, snapshot: snapshot, now: now, arrow: view.unicode)
            if selected { canvas.paint(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: focused ? .selected : .header) }
        }
        return top
    }

    private static func drawRow(_ canvas: inout Canvas, index: Int, x: Int, y: Int, c: Columns, snapshot: Snapshot,
                                now: ContinuousClock.Instant, arrow: Bool) {
        var cells: [(String, Int, Role)] = []
        let to = arrow ? " → " : " -> "
        switch entry(at: index, snapshot) {
        case .listener(let id)?:
            guard let l = snapshot.listeners[id] else { return }
            let flags = listenerFlags(l)
            cells = [(id.description, c.id, .normal), ("LISTEN", c.state, .stateEstablished),
                     (l.local?.description ?? "?", c.address, .normal), ("acc \(l.accepted)", c.read + c.sent, .normal),
                     ("", c.wait, .normal), (flags, c.flags, l.reachableFromOtherHosts ? .warning : .normal),
                     (l.acceptError.map { _ in "EMFILE…" } ?? "", c.pending, .error)]
            if let error = l.acceptError { cells[6] = (shortErrno(error), c.pending, .error) }
        case .stream(let id)?:
            guard let s = snapshot.streams[id] else { return }
            let address = "\(s.local?.description ?? "?")\(to)\(s.peer?.description ?? "?")"
            let pending = PendingText.of(s, now: now)
            if s.connect != nil {
                let target = s.connect.map { "\(to.trimmingWhitespace()) \($0.target)" } ?? ""
                cells = [(id.description, c.id, .normal), (s.stateName, c.state, .pending),
                         ((s.local.map { "\($0) " } ?? "") + target, c.address, .normal),
                         ("", c.read + c.sent + c.wait + c.flags, .normal), (pending, c.pending, .pending)]
                break
            }
            cells = [(id.description, c.id, .normal), (s.stateName, c.state, stateRole(s)), (address, c.address, .normal),
                     (Quantity.bytes(s.receivedTotals.total), c.read, .read), (Quantity.bytes(s.sentTotals.total), c.sent, .sent),
                     (s.queues.toRead == 0 ? "0" : Quantity.bytes(s.queues.toRead), c.wait, s.queues.toRead > 0 ? .peeked : .dim),
                     (flags(s), c.flags, s.errorPending || s.hangUp ? .error : .normal), (pending, c.pending, .pending)]
            if let closed = s.closed {
                cells = cells.prefix(6).map { ($0.0, $0.1, .dim) } + [(closed.how, c.flags + c.pending, .dim)]
            }
        case nil:
            return
        }
        var col = x
        for (text, width, role) in cells {
            canvas.put(text.fitted(width - 1), x: col, y: y, role: role, limit: width - 1)
            col += width
        }
    }

    /// A listener's flags: who can reach it, and nonblocking.
    static func listenerFlags(_ l: ListenerSnapshot) -> String {
        var flags = l.allInterfaces ? "ALL-IFACES " : l.reachableFromOtherHosts ? "EXPOSED " : ""
        if l.tls { flags += "TLS " }
        if case .value(.flag(true))? = l.options[.nonblocking] { flags += "nb " }
        if !l.accepting { flags += "hold " }
        if let upstream = l.relayTo { flags += "relay>\(upstream)" }
        return flags.trimmingWhitespace()
    }

    /// Cells the longest id takes. Ids only grow, so the last of each list is the longest.
    static func longestID(_ snapshot: Snapshot) -> Int {
        let stream = snapshot.streamOrder.last?.description.count ?? 0
        let listener = snapshot.listenerOrder.last?.description.count ?? 0
        return max(stream, listener)
    }

    /// Short flags: cl:s3 / up:s2 / j:s3 joined with s3 (the client's side of a relay, its upstream side, joined by hand; hold while held),
    /// TLS a TLS stream (INSECURE when its certificate was not verified), ATT attached to another process's socket (ATT+w after allow-write), nd nodelay, nb nonblocking, F follow, c:s1 clone of s1, rd/wr shut down,
    /// fin peer closed, eof, hup, ERR error pending.
    static func flags(_ s: StreamSnapshot) -> String {
        var f: [String] = []
        if let join = s.join { f.append(join.flag) }
        if let tls = s.tls { f.append(tls.verified ? "TLS" : "INSECURE") }
        if let attached = s.attached { f.append(attached.writeAllowed ? "ATT+w" : "ATT") }
        if case .value(.flag(true))? = s.options[.nodelay] { f.append("nd") }
        if case .value(.flag(true))? = s.options[.nonblocking] { f.append("nb") }
        if s.follow { f.append("F") }
        if let origin = s.origin.cloneOf { f.append("c:\(origin)") }
        if s.shutRead && s.shutWrite { f.append("rdwr") } else if s.shutRead { f.append("rd") } else if s.shutWrite { f.append("wr") }
        if s.endOfStream { f.append("eof") } else if s.peerClosed { f.append("fin") }
        if s.hangUp { f.append("hup") }
        if s.errorPending { f.append("ERR") }
        return f.joined(separator: " ")
    }

    static func stateRole(_ s: StreamSnapshot) -> Role {
        switch s.info?.state {
        case .established?: .stateEstablished
        case .closed?, nil: .stateClosed
        default: .stateClosing
        }
    }

    static func plural(_ n: Int, _ word: String) -> String {
        HumanText.count(n, word)
    }

    private static func shortErrno(_ text: String) -> String {
        String(text.prefix { $0 != " " })
    }
}
