import Inspector

/// The lines of the Data pane for one stream, computed from offsets alone: a 1 MiB capture is
/// 65,536 rows, and only the rows on screen are ever formatted.
///
/// Received bytes read one timeline: the bytes already read (consumed) at offsets
/// [oldest, readTotal), a marker at the read offset, then the bytes still waiting in the kernel
/// (peeked, not consumed) from the read offset on. Rows keep the `hexdump -C` grid of sixteen
/// (or thirty-two in a wide pane),
/// so the row holding the read offset shows its read half above the marker and its peeked half
/// below.
struct DataTimeline {
    enum Section: Sendable {
        case read, peeked, sent

        var role: Role {
            switch self {
            case .read: .read
            case .peeked: .peeked
            case .sent: .sent
            }
        }
    }

    enum Line {
        /// Bytes the capture ring no longer holds.
        case dropped(UInt64)
        /// A row of `perRow` bytes at `base`, showing only offsets in `bytes`.
        case row(base: UInt64, bytes: Range<UInt64>, section: Section)
        /// The read offset: what is above was read, what is below waits in the kernel.
        case marker(read: UInt64, peeked: Int, waiting: Int)
        case note(String, Role)
    }

    private struct Block {
        var first: Int
        var base: UInt64
        var bytes: Range<UInt64>
        var rows: Int
        var section: Section
    }

    private var fixed: [Int: Line] = [:]
    private var blocks: [Block] = []
    private(set) var count = 0
    let peeked: [UInt8]
    let peekOffset: UInt64
    let ring: CaptureRing?
    /// Bytes a row holds: 16, or 32 in a wide pane.
    let perRow: Int

    init(stream: StreamSnapshot, view: DataView, perRow: Int = HexDump.bytesPerRow) {
        self.perRow = perRow
        switch view {
        case .received:
            ring = stream.received
            peeked = stream.peeked
            peekOffset = stream.peekOffset
            let totals = stream.receivedTotals
            if totals.dropped > 0 { add(.dropped(totals.dropped)) }
            addBlock(totals.oldest..<totals.total, section: .read, switchedAt: stream.tlsFrom?.received)
            add(.marker(read: totals.total, peeked: stream.peeked.count, waiting: stream.queues.toRead))
            addBlock(peekOffset..<(peekOffset + UInt64(stream.peeked.count)), section: .peeked)
            if stream.follow { add(.note("follow is on: bytes are read as they arrive", .dim)) }
            if stream.tls != nil, stream.queues.toRead > 0, !stream.follow {
                // The peeked bytes of a TLS stream are plaintext; the kernel's are records.
                add(.note("the kernel holds \(Quantity.grouped(stream.queues.toRead)) encrypted \(stream.queues.toRead == 1 ? "byte" : "bytes") (records named above)", .dim))
            } else if stream.queues.toRead > stream.peeked.count && !stream.follow {
                add(.note("the kernel holds \(Quantity.grouped(stream.queues.toRead)) \(stream.queues.toRead == 1 ? "byte" : "bytes"); the first \(Quantity.grouped(stream.peeked.count)) are shown", .dim))
            }
            if stream.endOfStream {
                add(.note("end of stream: a read returned 0", .warning))
            } else if stream.peerClosed {
                add(.note("the peer closed its side (FIN): after these bytes, end of stream", .warning))
            }
            if stream.hangUp { add(.note("hang-up: the connection is gone", .error)) }
            if stream.closed == nil, stream.errorPending && stream.timedOut {
                add(.note("the connection timed out: ETIMEDOUT is pending; `error` takes it, `read` reports it", .error))
            } else if stream.closed == nil, stream.errorPending {
                add(.note("a socket error is pending: `error` takes it, `read` reports it", .error))
            }
            addClosedNote(stream)
        case .sent:
            ring = stream.sent
            peeked = []
            peekOffset = 0
            let totals = stream.sentTotals
            if totals.dropped > 0 { add(.dropped(totals.dropped)) }
            addBlock(totals.oldest..<totals.total, section: .sent, switchedAt: stream.tlsFrom?.sent)
            if totals.total == 0 { add(.note("nothing sent yet (s sends)", .dim)) }
            if stream.queues.unacked > 0 {
                add(.note("\(Quantity.grouped(stream.queues.unacked)) \(stream.queues.unacked == 1 ? "byte" : "bytes") not yet acknowledged, \(Quantity.grouped(stream.queues.unsent)) not yet sent", .dim))
            }
            addClosedNote(stream)
        }
    }

    /// A closed stream's bytes stay; the line under them says how it ended.
    private mutating func addClosedNote(_ stream: StreamSnapshot) {
        guard let closed = stream.closed else { return }
        add(.note("CLOSED: \(closed.how). Kept as captured until `forget \(stream.id)`", .warning))
    }

    private mutating func add(_ line: Line) {
        fixed[count] = line
        count += 1
    }

    /// `bytes`, with the line that marks where `starttls` switched the stream to TLS when that
    /// offset falls among them: the rows above crossed as they are, the rows below are plaintext.
    private mutating func addBlock(_ bytes: Range<UInt64>, section: Section, switchedAt offset: UInt64?) {
        guard let offset, offset >= bytes.lowerBound, offset <= bytes.upperBound, !bytes.isEmpty else {
            addBlock(bytes, section: section)
            return
        }
        addBlock(bytes.lowerBound..<offset, section: section)
        add(.note(Self.starttlsMark(offset), .boundary))
        addBlock(offset..<bytes.upperBound, section: section)
    }

    /// The line between the bytes that crossed as they are and the plaintext after `starttls`;
    /// the text view draws the same one.
    static func starttlsMark(_ offset: UInt64) -> String {
        "── starttls: TLS from offset \(offset); above as sent on the wire, below plaintext ──"
    }

    private mutating func addBlock(_ bytes: Range<UInt64>, section: Section) {
        guard !bytes.isEmpty else { return }
        let size = UInt64(perRow)
        let base = bytes.lowerBound / size * size
        let rows = Int((bytes.upperBound - 1) / size - base / size + 1)
        blocks.append(Block(first: count, base: base, bytes: bytes, rows: rows, section: section))
        count += rows
    }

    func line(_ index: Int) -> Line? {
        if let line = fixed[index] { return line }
        for block in blocks where index >= block.first && index < block.first + block.rows {
            let base = block.base + UInt64(index - block.first) * UInt64(perRow)
            let lo = max(base, block.bytes.lowerBound), hi = min(base + UInt64(perRow), block.bytes.upperBound)
            return .row(base: base, bytes: lo..<hi, section: block.section)
        }
        return nil
    }

    /// The first line showing `offset`, for find and goto.
    func lineIndex(of offset: UInt64) -> Int? {
        for block in blocks where block.bytes.contains(offset) {
            return block.first + Int(offset / UInt64(perRow) - block.base / UInt64(perRow))
        }
        return nil
    }

    /// The bytes a find searches: read and peeked (or sent), as one array with its offsets.
    func searchable() -> (start: UInt64, bytes: [UInt8])? {
        guard let ring else { return nil }
        let totals = ring.totals
        var (start, bytes) = ring.bytes(in: totals.oldest..<totals.total)
        if peekOffset == totals.total || bytes.isEmpty {
            if bytes.isEmpty { start = peekOffset }
            bytes += peeked
        }
        return (start, bytes)
    }

    /// The bytes of rows `lines`, fetched from the ring in one copy per section.
    func bytes(for lines: Range<Int>) -> (read: (UInt64, [UInt8]), peeked: (UInt64, [UInt8])) {
        var lo = UInt64.max, hi: UInt64 = 0
        for i in lines {
            if case .row(_, let r, let section)? = line(i), section != .peeked {
                lo = min(lo, r.lowerBound)
                hi = max(hi, r.upperBound)
            }
        }
        let read = (lo < hi ? ring?.bytes(in: lo..<hi) : nil) ?? (0, [])
        return (read, (peekOffset, peeked))
    }
}
