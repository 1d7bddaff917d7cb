import Inspector

/// The Data pane: a `hexdump -C` view of one stream's bytes (received: read, then the read
/// offset, then peeked; or sent), each kind in its own colour, 32 bytes a row where the pane is
/// wide enough; or (`t`) the same bytes as text, one row per line; with `bothEnds`, the selected
/// stream and its other end one above or beside the other.
enum DataPane {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState, focused: Bool) {
        guard let stream = snapshot.selectedStream else {
            let inner = PaneFrame.draw(&canvas, rect, title: Pane.data.title, focused: focused, unicode: view.unicode)
            let hint = snapshot.selectedListener != nil
                ? "A listener has no data; its accepted connections appear as streams."
                : "Select a stream to see its bytes."
            canvas.put(hint, x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
            return
        }
        let (primary, secondary) = split(rect, snapshot: snapshot, view: view)
        drawOne(&canvas, primary, stream: stream, view: view, focused: focused, follows: true)
        if let (other, area) = secondary {
            drawOne(&canvas, area, stream: other, view: view, focused: false, follows: false)
        }
    }

    /// The area for the selected stream, and the other end with its area when both ends show:
    /// side by side when two hexdumps fit, one above the other otherwise.
    static func split(_ rect: Rect, snapshot: Snapshot, view: ViewState) -> (Rect, (StreamSnapshot, Rect)?) {
        guard view.bothEnds, let stream = snapshot.selectedStream, let partner = snapshot.partner(of: stream) else {
            return (rect, nil)
        }
        let rowWidth = HexDump.rowWidth() + 3
        if rect.width >= 2 * rowWidth {
            let left = Rect(x: rect.x, y: rect.y, width: rect.width / 2, height: rect.height)
            let right = Rect(x: left.maxX, y: rect.y, width: rect.width - left.width, height: rect.height)
            return (left, (partner, right))
        }
        // Two halves of a short pane would show almost nothing of either end.
        guard rect.height >= 14 else { return (rect, nil) }
        let top = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height / 2 + rect.height % 2)
        let bottom = Rect(x: rect.x, y: top.maxY, width: rect.width, height: rect.height - top.height)
        return (top, (partner, bottom))
    }

    static func title(_ stream: StreamSnapshot, _ view: DataView, text: Bool = false) -> String {
        let kind = text ? " (text)" : ""
        switch view {
        case .received:
            let read = Quantity.grouped(stream.receivedTotals.total)
            // A TLS stream's bytes are plaintext; what it has decrypted and not read is its peek.
            var title = stream.tls != nil
                ? "Data \(stream.id) received, plaintext\(kind): read \(read) · decrypted unread \(Quantity.grouped(stream.peeked.count))"
                : "Data \(stream.id) received\(kind): read \(read) · peeked \(Quantity.grouped(stream.peeked.count))"
            // A joined stream: how much of what it read went on, and how much was dropped.
            if let join = stream.join {
                title += " · forwarded \(Quantity.grouped(join.forwarded))"
                if join.dropped > 0 { title += " · dropped \(Quantity.grouped(join.dropped))" }
                if join.held { title += " · HELD" }
            }
            return title
        case .sent:
            let injected = stream.join.map { $0.injected > 0 ? " · injected \(Quantity.grouped($0.injected))" : "" } ?? ""
            return "Data \(stream.id) sent\(stream.tls != nil ? ", plaintext" : "")\(kind): \(Quantity.grouped(stream.sentTotals.total))\(injected)"
        }
    }

    /// One stream's hexdump in `rect`. The selected stream scrolls with `view.dataTop`; the
    /// other end always shows its newest bytes.
    private static func drawOne(_ canvas: inout Canvas, _ rect: Rect, stream: StreamSnapshot, view: ViewState,
                                focused: Bool, follows: Bool) {
        let heading = title(stream, view.dataView, text: view.dataText)
        let label = follows ? heading : heading + (stream.join.map { " · joined with \($0.partner)" } ?? " · the other end")
        var inner = PaneFrame.draw(&canvas, rect, title: label, focused: focused, unicode: view.unicode)
        guard inner.height > 0, inner.width > 0 else { return }
        if let tls = tlsBanner(stream, view.dataView) {
            // A TLS stream: its bytes are plaintext; what the kernel still holds is records.
            canvas.put(tls, x: inner.x + 1, y: inner.y, role: stream.tls?.verified == false ? .warning : .boundary,
                       limit: inner.width - 1)
            inner = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
            guard inner.height > 0 else { return }
        }
        if let attached = stream.attached {
            // Another process's socket: say whose, and what this stream may do to it.
            canvas.put(banner(attached, closed: stream.closed), x: inner.x + 1, y: inner.y, role: .warning, limit: inner.width - 1)
            inner = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
            guard inner.height > 0 else { return }
        }
        switch DataLines(stream: stream, view: view, width: rect.width) {
        case .hex(let timeline):
            drawHex(&canvas, inner, timeline: timeline, stream: stream, view: view, follows: follows)
        case .text(let timeline):
            drawText(&canvas, inner, timeline: timeline, stream: stream, view: view, follows: follows)
        }
    }

    private static func drawHex(_ canvas: inout Canvas, _ inner: Rect, timeline: DataTimeline, stream: StreamSnapshot,
                                view: ViewState, follows: Bool) {
        let first = firstLine(count: timeline.count, visible: inner.height, top: follows ? view.dataTop : nil)
        let lines = first..<min(timeline.count, first + inner.height)
        let fetched = timeline.bytes(for: lines)
        let offsetWidth = DataLines.offsetWidth(stream)
        // A margin when there is room for one: at 80 columns a row fills the pane exactly.
        let x = inner.width > HexDump.rowWidth(offsetWidth: offsetWidth, perRow: timeline.perRow) ? inner.x + 1 : inner.x
        for (row, index) in lines.enumerated() {
            let y = inner.y + row
            switch timeline.line(index) {
            case .dropped(let n)?:
                canvas.put("… \(Quantity.grouped(n)) older bytes dropped (the capture keeps the newest \(HumanText.size(stream.received.bound)))",
                           x: x, y: y, role: .warning, limit: inner.maxX - x)
            case .marker(let read, let peeked, let waiting)?:
                drawMarker(&canvas, x: inner.x, y: y, width: inner.width, read: read, peeked: peeked, waiting: waiting,
                           tls: stream.tls != nil, unicode: view.unicode)
            case .note(let text, let role)?:
                canvas.put(text, x: x, y: y, role: role, limit: inner.maxX - x)
            case .row(let base, let bytes, let section)?:
                let source = section == .peeked ? fetched.peeked : fetched.read
                drawRow(&canvas, x: x, y: y, limit: inner.maxX, base: base, range: bytes, section: section,
                        source: source, offsetWidth: offsetWidth, perRow: timeline.perRow, match: follows ? view.match : nil,
                        marked: marks(stream, section).overlapping(base..<(base + UInt64(timeline.perRow))))
            case nil:
                break
            }
        }
    }

    /// What a section marks: on a joined stream, the bytes `drop` took (received) and the
    /// bytes a `send` injected between forwarded ones (sent), drawn in the warning colour.
    static func marks(_ stream: StreamSnapshot, _ section: DataTimeline.Section) -> MarkedRanges {
        switch section {
        case .read: stream.droppedRanges
        case .sent: stream.injectedRanges
        case .peeked: MarkedRanges()
        }
    }

    /// The attached stream's banner line.
    static func banner(_ a: AttachedSocket, closed: StreamClosing?) -> String {
        let mode = closed.map { "· \($0.how)" } ?? (a.writeAllowed ? "· writes allowed: reads consume the owner's bytes" : "· read-only until allow-write")
        return "ATTACHED to \(a.ownerText) \(mode)"
    }

    static func firstLine(count: Int, visible: Int, top: Int?) -> Int {
        let last = max(0, count - visible)
        guard let top else { return last }
        return min(max(0, top), last)
    }

    private static func drawText(_ canvas: inout Canvas, _ inner: Rect, timeline: TextTimeline, stream: StreamSnapshot,
                                 view: ViewState, follows: Bool) {
        let first = firstLine(count: timeline.count, visible: inner.height, top: follows ? view.dataTop : nil)
        let offsetWidth = DataLines.offsetWidth(stream)
        let x = inner.x + 1
        for (row, index) in (first..<min(timeline.count, first + inner.height)).enumerated() {
            let y = inner.y + row
            switch timeline.lines[index] {
            case .dropped(let n):
                canvas.put("… \(Quantity.grouped(n)) older bytes dropped", x: x, y: y, role: .warning, limit: inner.maxX - x)
            case .marker(let read, let peeked, let waiting):
                drawMarker(&canvas, x: inner.x, y: y, width: inner.width, read: read, peeked: peeked, waiting: waiting,
                           tls: stream.tls != nil, unicode: view.unicode)
            case .note(let text, let role):
                canvas.put(text, x: x, y: y, role: role, limit: inner.maxX - x)
            case .row(let start, let range, let section):
                let offsetText = HexDump.row(offset: start, bytes: [UInt8](), offsetWidth: offsetWidth).prefix(offsetWidth)
                canvas.put(offsetText, x: x, y: y, role: .dim, limit: inner.maxX - x)
                let bytes = timeline.bytes(of: section)[...]
                var col = x + offsetWidth + 2
                var index = range.lowerBound
                let match = follows ? view.match : nil
                let marked = marks(stream, section).overlapping(start..<(start + UInt64(range.count)))
                while index < range.upperBound, col < inner.maxX {
                    let glyph = TextGlyph.at(index, in: bytes, unicode: view.unicode)
                    let offset = start + UInt64(index - range.lowerBound)
                    let role: Role = (match?.contains(offset) ?? false) ? .match
                        : marked.contains(where: { $0.contains(offset) }) ? .warning : glyph.escaped ? .dim : section.role
                    for scalar in glyph.scalars where col < inner.maxX {
                        canvas[col, y] = Cell(scalar, role: role)
                        col += 1
                    }
                    index += glyph.length
                }
            }
        }
    }

    private static func drawMarker(_ canvas: inout Canvas, x: Int, y: Int, width: Int, read: UInt64, peeked: Int, waiting: Int,
                                   tls: Bool, unicode: Bool) {
        let rule: Unicode.Scalar = unicode ? "─" : "-"
        for col in x..<(x + width) { canvas[col, y] = Cell(rule, role: .boundary) }
        let up = unicode ? "▲" : "^", down = unicode ? "▼" : "v"
        // On a TLS stream what follows the read offset is decrypted but not read (SSL_pending);
        // the kernel's count is of encrypted bytes, so the two are not the same bytes.
        let below = tls
            ? "\(down) decrypted, not read \(Quantity.grouped(peeked)) (kernel: \(Quantity.grouped(waiting)) encrypted)"
            : "\(down) peeked \(Quantity.grouped(peeked)) (kernel: \(Quantity.grouped(waiting)))"
        let text = " \(up) read \(Quantity.grouped(read)) · read offset \(read) · \(below) "
        canvas.put(text, x: x + 2, y: y, role: .boundary, limit: width - 3)
    }

    private static func drawRow(_ canvas: inout Canvas, x: Int, y: Int, limit: Int, base: UInt64, range: Range<UInt64>,
                                section: DataTimeline.Section, source: (UInt64, [UInt8]), offsetWidth: Int, perRow: Int,
                                match: Range<UInt64>?, marked: [Range<UInt64>]) {
        let offsetText = HexDump.row(offset: base, bytes: [UInt8](), offsetWidth: offsetWidth).prefix(offsetWidth)
        canvas.put(offsetText, x: x, y: y, role: .dim, limit: limit - x)
        let (start, bytes) = source
        var shown = 0
        var lastShown = 0
        var previous: (index: Int, role: Role, hx: Int)?
        for i in 0..<perRow {
            let offset = base + UInt64(i)
            guard range.contains(offset), offset >= start, offset - start < UInt64(bytes.count) else { continue }
            let byte = bytes[Int(offset - start)]
            let role: Role = (match?.contains(offset) ?? false) ? .match
                : marked.contains(where: { $0.contains(offset) }) ? .warning : section.role
            let hx = x + HexDump.hexColumn(i, offsetWidth: offsetWidth)
            guard hx + 1 < limit else { continue }
            // The spaces between two bytes of one colour take that colour: they look the same,
            // and the terminal is spared two colour changes a byte (most of what a frame sends
            // while a stream scrolls the view). Not where a colour shows on a space: peeked
            // bytes are underlined on a monochrome terminal, a match has a background.
            if let before = previous, before.index == i - 1, before.role == role, role == .read || role == .sent {
                for gap in (before.hx + 2)..<hx { canvas[gap, y] = Cell(" ", role: role) }
            }
            previous = (i, role, hx)
            canvas[hx, y] = Cell(hexDigit(byte >> 4), role: role)
            canvas[hx + 1, y] = Cell(hexDigit(byte & 0xF), role: role)
            let ax = x + HexDump.asciiColumn(i, offsetWidth: offsetWidth, perRow: perRow)
            if ax < limit { canvas[ax, y] = Cell(Unicode.Scalar(HexDump.ascii(byte)), role: role) }
            shown += 1
            lastShown = i
        }
        guard shown > 0 else { return }
        let bar = x + HexDump.asciiColumn(0, offsetWidth: offsetWidth, perRow: perRow) - 1
        if bar < limit { canvas[bar, y] = Cell("|", role: .dim) }
        // As hexdump -C closes a short last row right after its last byte.
        let end = x + HexDump.asciiColumn(lastShown + 1, offsetWidth: offsetWidth, perRow: perRow)
        if end < limit { canvas[end, y] = Cell("|", role: .dim) }
    }

    private static func hexDigit(_ v: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(v < 10 ? 48 + v : 87 + v)
    }
}

extension DataPane {
    /// Headers listed by name before the rest are only counted.
    static let recordsShown = 6

    /// The line above a TLS stream's bytes: what they are (plaintext, verified or not), and on
    /// the received side the TLS records still in the kernel's receive queue, decoded from their
    /// headers (type, version, length). nil for a plain stream.
    static func tlsBanner(_ stream: StreamSnapshot, _ view: DataView) -> String? {
        guard let tls = stream.tls else { return nil }
        var text = tls.verified ? "\(tls.version) verified" : "INSECURE \(tls.version) (certificate not verified)"
        if let from = stream.tlsFrom {
            // starttls: the bytes before the switch were sent as they are.
            text += " from offset \(view == .received ? from.received : from.sent) (starttls)"
        }
        guard view == .received, let scan = stream.tlsRecords else { return text }
        if scan.startsMidRecord { return text + " · kernel: the rest of a record OpenSSL holds in part" }
        if scan.records.isEmpty, scan.malformedAt == nil, scan.partialHeader == 0 {
            return text + " · kernel: no records"
        }
        var parts = scan.records.prefix(recordsShown).map(\.summary)
        if scan.records.count > recordsShown { parts.append("\(scan.records.count - recordsShown) more") }
        if let at = scan.malformedAt { parts.append("bytes that are not a TLS record at +\(at)") }
        if scan.partialHeader > 0 { parts.append("\(scan.partialHeader) bytes of a header") }
        let count = HumanText.count(scan.records.count, "record")
        return text + " · kernel: \(count): " + parts.joined(separator: ", ")
    }
}
