import Inspector

/// The Data pane's lines as the view shows them now: the hexdump (16 or 32 bytes a row, by the
/// pane's width) or the text view. Drawing, scrolling, find and goto all ask this one value,
/// so they agree on what line an offset is on.
enum DataLines {
    case hex(DataTimeline)
    case text(TextTimeline)

    /// The lines for `stream` in a pane `width` columns wide (its frame included).
    init(stream: StreamSnapshot, view: ViewState, width: Int) {
        let inner = max(0, width - 2)
        let offsetWidth = DataLines.offsetWidth(stream)
        if view.dataText {
            // Offset column, two blanks, a margin on each side.
            self = .text(TextTimeline(stream: stream, view: view.dataView, columns: inner - offsetWidth - 4, unicode: view.unicode))
        } else {
            self = .hex(DataTimeline(stream: stream, view: view.dataView,
                                     perRow: HexDump.bytesPerRow(forWidth: inner, offsetWidth: offsetWidth)))
        }
    }

    /// Digits of the offset column for this stream.
    static func offsetWidth(_ stream: StreamSnapshot) -> Int {
        HexDump.offsetWidth(for: max(stream.receivedTotals.total, stream.sentTotals.total) + UInt64(stream.peeked.count))
    }

    var count: Int {
        switch self {
        case .hex(let t): t.count
        case .text(let t): t.count
        }
    }

    func lineIndex(of offset: UInt64) -> Int? {
        switch self {
        case .hex(let t): t.lineIndex(of: offset)
        case .text(let t): t.lineIndex(of: offset)
        }
    }

    func searchable() -> (start: UInt64, bytes: [UInt8])? {
        switch self {
        case .hex(let t): t.searchable()
        case .text(let t): t.searchable()
        }
    }
}
