import Inspector

/// The Data pane's text view: one row per line of the stream (broken after each LF, and wrapped
/// where a line is wider than the pane), with the same read / read offset / peeked split as
/// the hexdump. Line protocols (HTTP, SMTP, Redis) read as they were meant to.
///
/// Lines are found by scanning, so the view covers only the newest `window` bytes of the
/// capture (and says so); the hexdump (`t` again) shows all of it.
struct TextTimeline {
    enum Line {
        case dropped(UInt64)
        /// A row of text: `bytes` (indices into the section's bytes) from stream offset `start`.
        case row(start: UInt64, bytes: Range<Int>, section: DataTimeline.Section)
        case marker(read: UInt64, peeked: Int, waiting: Int)
        case note(String, Role)
    }

    /// The newest bytes the text view lays out.
    static let window = 64 * 1024

    private(set) var lines: [Line] = []
    /// Read (or sent) bytes in the window, from stream offset `readStart`.
    let held: [UInt8]
    let heldStart: UInt64
    let peeked: [UInt8]
    let peekOffset: UInt64
    let unicode: Bool
    /// Columns for the text of a row.
    let columns: Int

    var count: Int { lines.count }

    init(stream: StreamSnapshot, view: DataView, columns: Int, unicode: Bool) {
        self.columns = max(8, columns)
        self.unicode = unicode
        let ring = view == .received ? stream.received : stream.sent
        let totals = view == .received ? stream.receivedTotals : stream.sentTotals
        let from = max(totals.oldest, totals.total > UInt64(Self.window) ? totals.total - UInt64(Self.window) : 0)
        (heldStart, held) = ring.bytes(in: from..<totals.total)
        if view == .received {
            peeked = stream.peeked
            peekOffset = stream.peekOffset
        } else {
            peeked = []
            peekOffset = 0
        }
        let section: DataTimeline.Section = view == .received ? .read : .sent
        if heldStart > totals.oldest || totals.dropped > 0 {
            let outside = heldStart - totals.oldest + totals.dropped
            lines.append(.note("… \(Quantity.grouped(outside)) older bytes are not in the text view (t: hexdump)", .dim))
        }
        // Where `starttls` switched, when it falls among the bytes held, as the hexdump marks it.
        let switched = view == .received ? stream.tlsFrom?.received : stream.tlsFrom?.sent
        if let switched, !held.isEmpty, switched >= heldStart, switched <= heldStart + UInt64(held.count) {
            let split = Int(switched - heldStart)
            layout(held, start: heldStart, section: section, within: 0..<split)
            lines.append(.note(DataTimeline.starttlsMark(switched), .boundary))
            layout(held, start: heldStart, section: section, within: split..<held.count)
        } else {
            layout(held, start: heldStart, section: section)
        }
        if view == .received {
            lines.append(.marker(read: totals.total, peeked: stream.peeked.count, waiting: stream.queues.toRead))
            layout(peeked, start: peekOffset, section: .peeked)
        } else if totals.total == 0 {
            lines.append(.note("nothing sent yet (s sends)", .dim))
        }
    }

    /// Rows for `bytes` (those in `range`, when given; a glyph never reaches past it): a new
    /// row after each LF and wherever the next glyph would not fit. Row indices stay those of
    /// `bytes`, and offsets count from `start`, its first byte.
    private mutating func layout(_ bytes: [UInt8], start: UInt64, section: DataTimeline.Section, within range: Range<Int>? = nil) {
        let range = range ?? bytes.indices
        let all = bytes[range]
        var rowStart = range.lowerBound
        var width = 0
        var index = range.lowerBound
        while index < range.upperBound {
            // Printable ASCII, the usual case, without building a glyph.
            let (cells, length, endsLine): (Int, Int, Bool)
            if (0x20...0x7E).contains(bytes[index]) {
                (cells, length, endsLine) = (1, 1, false)
            } else {
                let glyph = TextGlyph.at(index, in: all, unicode: unicode)
                (cells, length, endsLine) = (glyph.scalars.count, glyph.length, glyph.endsLine)
            }
            if width + cells > columns, index > rowStart {
                lines.append(.row(start: start + UInt64(rowStart), bytes: rowStart..<index, section: section))
                rowStart = index
                width = 0
            }
            width += cells
            index += length
            if endsLine {
                lines.append(.row(start: start + UInt64(rowStart), bytes: rowStart..<index, section: section))
                rowStart = index
                width = 0
            }
        }
        if index > rowStart {
            lines.append(.row(start: start + UInt64(rowStart), bytes: rowStart..<index, section: section))
        }
    }

    /// The bytes of a section.
    func bytes(of section: DataTimeline.Section) -> [UInt8] {
        section == .peeked ? peeked : held
    }

    /// The first row showing `offset`, for find and goto.
    func lineIndex(of offset: UInt64) -> Int? {
        lines.firstIndex { line in
            guard case .row(let start, let range, _) = line else { return false }
            return offset >= start && offset < start + UInt64(range.count)
        }
    }

    /// The bytes a find searches: what the view holds, as one array with its offsets.
    func searchable() -> (start: UInt64, bytes: [UInt8])? {
        if held.isEmpty { return (peekOffset, peeked) }
        let contiguous = peekOffset == heldStart + UInt64(held.count)
        return (heldStart, contiguous ? held + peeked : held)
    }
}
