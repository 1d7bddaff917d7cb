import Inspector

/// One Log event shown whole (Enter on a Log line): its line wrapped to the screen's width,
/// and, when it carries bytes, those bytes as a `hexdump -C`.
enum LogEntryOverlay {
    /// The most bytes shown in hex: a read can carry 16 MiB, and a screen of rows is plenty.
    static let hexLimit = 64 * 1024

    static func lines(_ event: Event, width: Int) -> [(text: String, role: Role)] {
        let columns = max(10, width)
        var out: [(String, Role)] = []
        let line = EventText.line(event, bytesLimit: 4096).trimmingLeadingBlanks()
        for piece in wrap(line, columns) { out.append((piece, event.ok ? .normal : .error)) }
        if let bytes = event.bytes, !bytes.isEmpty {
            out.append(("", .normal))
            let shown = min(bytes.count, hexLimit)
            let count = Quantity.grouped(bytes.count)
            let noun = bytes.count == 1 ? "byte" : "bytes"
            out.append((shown < bytes.count ? "\(count) bytes, the first \(Quantity.grouped(shown)) in hex:" : "\(count) \(noun) in hex:", .header))
            var offset = 0
            while offset < shown {
                let end = min(offset + HexDump.bytesPerRow, shown)
                out.append((HexDump.row(offset: UInt64(offset), bytes: bytes[offset..<end]), .normal))
                offset = end
            }
        }
        return out
    }

    /// Rows of at most `columns` scalars, broken after a blank where one is near the end of
    /// the row (so words and numbers stay whole), else at the width.
    static func wrap(_ text: String, _ columns: Int) -> [String] {
        var rows: [String] = []
        var rest = Array(text.unicodeScalars)[...]
        while rest.count > columns {
            var cut = rest.startIndex + columns
            if let blank = rest[rest.startIndex..<cut].lastIndex(of: " "), blank - rest.startIndex >= columns * 3 / 4 {
                cut = blank + 1
            }
            rows.append(String(String.UnicodeScalarView(rest[rest.startIndex..<cut])))
            rest = rest[cut...]
        }
        rows.append(String(String.UnicodeScalarView(rest)))
        return rows
    }

    /// The body rectangle the overlay uses on a screen of this size.
    static func body(width: Int, height: Int) -> Rect {
        Rect(x: 0, y: 1, width: width, height: max(2, height - 2))
    }

    static func draw(_ canvas: inout Canvas, _ rect: Rect, event: Event?, sequence: UInt64, top: Int, unicode: Bool) {
        let inner = PaneFrame.draw(&canvas, rect, title: "Log event \(sequence) · j/k scroll · Esc closes", focused: true, unicode: unicode)
        guard inner.height > 0, inner.width > 2 else { return }
        guard let event else {
            canvas.put("This event has left the log (it keeps the newest events only).", x: inner.x + 1, y: inner.y,
                       role: .warning, limit: inner.width - 1)
            return
        }
        let rows = lines(event, width: inner.width - 2)
        let first = min(max(0, top), max(0, rows.count - inner.height))
        for (i, row) in rows[first..<min(rows.count, first + inner.height)].enumerated() {
            canvas.put(row.text, x: inner.x + 1, y: inner.y + i, role: row.role, limit: inner.width - 2)
        }
    }
}

extension String {
    func trimmingLeadingBlanks() -> String {
        String(drop { $0 == " " })
    }
}
