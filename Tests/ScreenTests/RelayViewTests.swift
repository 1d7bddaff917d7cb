import Testing
import Inspector
import TcpModel
@testable import Screen

/// A joined pair on screen, from snapshots built by hand: the flags name the partner and the
/// side, and the Data pane marks dropped and injected bytes in the warning colour.
@Suite("Relayed pairs on screen")
struct RelayViewTests {
    /// s1 and s2 of a pair, s1 selected, joined as a relay's client and upstream sides; s1 read
    /// "hello world" of which "world" was dropped.
    static func snapshot() -> Snapshot {
        var snapshot = SnapshotFixture.streams(2, selected: 1)
        let ring = CaptureRing(bound: 64)
        ring.append(Array("hello world".utf8))
        guard var s1 = snapshot.streams[StreamID(1)], var s2 = snapshot.streams[StreamID(2)] else { return snapshot }
        s1.received = ring
        s1.receivedTotals = ring.totals
        var mark = JoinMark(partner: StreamID(2), role: .client)
        mark.held = true
        mark.forwarded = 6
        mark.dropped = 5
        s1.join = mark
        s1.droppedRanges.add(6..<11)
        s2.join = JoinMark(partner: StreamID(1), role: .upstream)
        snapshot.insert(s1)
        snapshot.insert(s2)
        return snapshot
    }

    @Test func theFlagsNameEachSideAndTheDroppedBytesAreMarked() throws {
        let canvas = ScreenRenderer.render(Self.snapshot(), ViewState(), width: 160, height: 40, help: HelpLibrary(), now: .now).canvas
        let rows = (0..<canvas.height).map(canvas.line)
        let screen = rows.joined(separator: "\n")
        let s1 = try #require(rows.first { $0.hasPrefix("│ s1 ") }, "\(screen)")
        let s2 = try #require(rows.first { $0.hasPrefix("│ s2 ") }, "\(screen)")
        #expect(s1.contains("cl:s2 hold"), "\(s1)")
        #expect(s2.contains("up:s1"), "\(s2)")
        #expect(screen.contains("Data s1 received: read 11 · peeked 0 · forwarded 6 · dropped 5 · HELD"), "\(screen)")
        // "hello " is read; "world" (offsets 6...10) was dropped: the warning colour.
        let y = try #require(rows.firstIndex { $0.contains("|hello world|") }, "\(screen)")
        let x = try #require(Self.column(of: "68 65 6c", in: rows[y]), "\(rows[y])")
        #expect(canvas[x, y].role == .read, "h is read")
        let wx = try #require(Self.column(of: "77 6f", in: rows[y]), "\(rows[y])")
        #expect(canvas[wx, y].role == .warning, "w was dropped")
        #expect(canvas[wx - 3, y].role == .read, "the space before it was read and forwarded")
    }

    /// The canvas column where `text` starts in `line` (one cell a scalar).
    static func column(of text: String, in line: String) -> Int? {
        let cells = Array(line.unicodeScalars), wanted = Array(text.unicodeScalars)
        guard cells.count >= wanted.count else { return nil }
        return (0...(cells.count - wanted.count)).first { Array(cells[$0..<($0 + wanted.count)]) == wanted }
    }
}
