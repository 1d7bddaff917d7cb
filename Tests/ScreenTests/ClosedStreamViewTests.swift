import Testing
import Inspector
import TcpModel
@testable import Screen

/// Closed streams on screen and the announcement of accepted connections, from snapshots built
/// by hand (no sockets).
@Suite("Closed streams and accepts on screen")
struct ClosedStreamViewTests {
    /// s1...s3 behind l1, s2 closed after a reset with "hello" read, selected.
    static func snapshot() -> Snapshot {
        var snapshot = SnapshotFixture.streams(3, selected: 2)
        let ring = CaptureRing(bound: 64)
        ring.append(Array("hello".utf8))
        guard var s2 = snapshot.streams[StreamID(2)] else { return snapshot }
        s2.received = ring
        s2.receivedTotals = ring.totals
        s2.closed = StreamClosing(how: "ECONNRESET", at: .now)
        snapshot.insert(s2)
        snapshot.closedOrder = [StreamID(2)]
        return snapshot
    }

    static func render(_ snapshot: Snapshot, _ view: ViewState = ViewState()) -> Canvas {
        ScreenRenderer.render(snapshot, view, width: 160, height: 40, help: HelpLibrary(), now: .now).canvas
    }

    @Test func aClosedStreamIsListedDimmedWithHowItEndedAndKeepsItsBytes() throws {
        let canvas = Self.render(Self.snapshot())
        let rows = (0..<canvas.height).map(canvas.line)
        let screen = rows.joined(separator: "\n")
        #expect(screen.contains("Streams (2 streams, 1 closed, 1 listener)"), "\(screen)")
        let y = try #require(rows.firstIndex { $0.hasPrefix("│ s2   CLOSED ") }, "\(screen)")
        #expect(rows[y].contains("ECONNRESET"))
        #expect(screen.contains("|hello|"), "its bytes stay in the Data pane")
        #expect(screen.contains("CLOSED: ECONNRESET. Kept as captured until `forget s2`"))
        #expect(screen.contains("Options s2 (as last reported: closed)"), "\(screen)")
        // Unselected (the selection paints its row), the closed row is dim and the open one is not.
        var other = Self.snapshot()
        other.selected = .stream(StreamID(1))
        let plain = Self.render(other)
        for x in [2, 7, 40] { #expect(plain[x, y].role == .dim, "column \(x) of the closed row") }
        #expect(plain[2, y + 1].role != .dim, "an open row is not dimmed")
    }

    @Test func closeOnAClosedStreamSaysSoAndQuitCountsOnlyOpenOnes() {
        let snapshot = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        i.resize(width: 160, height: 40)
        #expect(i.handle(.character("x"), snapshot: snapshot) == [])
        #expect(i.view.mode == .normal)
        #expect(i.view.status == "s2 is already closed (ECONNRESET); :forget s2 takes it off the list" && i.view.statusIsError)
        #expect(i.handle(.character("q"), snapshot: snapshot) == [])
        #expect(i.view.mode == .confirm(.quit(streams: 2, listeners: 1)), "s1, s3 and l1 are open; s2 is not")
    }

    @Test func anAcceptIsAnnouncedOnceAndTheKeyJumpsToTheNewestStream() {
        var snapshot = Self.snapshot()
        snapshot.selected = .stream(StreamID(1))
        var i = Interaction(help: HelpLibrary())
        i.resize(width: 160, height: 40)
        i.view.focus = .log
        i.noticeAccepts(snapshot)
        #expect(i.view.status.isEmpty, "nothing accepted yet")
        snapshot.lastAccept = AcceptNotice(number: 1, listener: ListenerID(1), stream: StreamID(3), from: .v4(.loopback, port: 40112))
        i.noticeAccepts(snapshot)
        #expect(i.view.status == "l1 accepted s3 from 127.0.0.1:40112 (a jumps to it)")
        i.say("something else")
        i.noticeAccepts(snapshot)
        #expect(i.view.status == "something else", "said once")
        snapshot.lastAccept = AcceptNotice(number: 4, listener: ListenerID(1), stream: StreamID(6), from: .v4(.loopback, port: 40115))
        i.noticeAccepts(snapshot)
        #expect(i.view.status == "l1 accepted s6 from 127.0.0.1:40115 (and 2 more) (a jumps to it)")

        #expect(i.handle(.character("a"), snapshot: snapshot) == [.submit("select s3")], "the newest stream listed")
        #expect(i.view.focus == .streams)
        snapshot.selected = .stream(StreamID(3))
        #expect(i.handle(.character("a"), snapshot: snapshot) == [], "already there")
        // When the newest is closed, the newest open one.
        guard var s3 = snapshot.streams[StreamID(3)] else { Issue.record("s3 is listed"); return }
        s3.closed = StreamClosing(how: "closed here", at: .now)
        snapshot.insert(s3)
        snapshot.closedOrder.append(StreamID(3))
        #expect(i.handle(.character("a"), snapshot: snapshot) == [.submit("select s1")])
        #expect(KeyMap.bindings.contains { $0.label == "a" && $0.action == .newest })
    }
}
