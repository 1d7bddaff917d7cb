import Testing
import Inspector
import TcpModel
@testable import Screen

/// The Streams pane with many streams, from snapshots built by hand (`SnapshotFixture`).
@Suite("Stream list")
struct StreamListTests {
    static func rows(_ snapshot: Snapshot, width: Int = 200, height: Int = 60) -> [String] {
        let canvas = ScreenRenderer.render(snapshot, ViewState(), width: width, height: height, help: HelpLibrary(), now: .now).canvas
        return (0..<canvas.height).map(canvas.line)
    }

    @Test func tenThousandStreamsKeepWholeIDs() throws {
        for width in [80, 200] {
            let rows = Self.rows(SnapshotFixture.streams(10_000, selected: 10_000), width: width, height: 40)
            let last = try #require(rows.first { $0.hasPrefix("│ s10000 ") }, "\(rows.joined(separator: "\n"))")
            #expect(last.contains("127.0.0.1:"))
            #expect(rows.contains { $0.hasPrefix("│ s9999 ") })
            #expect(!rows.contains { $0.contains("s10…") || $0.contains("s99…") })
            #expect(rows.allSatisfy { $0.unicodeScalars.count == width })
        }
    }

    @Test func shortIDsKeepTheUsualColumns() throws {
        let rows = Self.rows(SnapshotFixture.streams(2, selected: 1), width: 80, height: 24)
        #expect(rows.contains { $0.hasPrefix("│ l1   LISTEN ") })
        #expect(rows.contains { $0.hasPrefix("│ s1   ") })
    }

    @Test func insertKeepsIDOrderAndFindsTheOtherEnd() throws {
        var snapshot = SnapshotFixture.streams(4, selected: 1)
        let ring = CaptureRing(bound: 16)
        // An accept that overtakes the connect before it is listed in its place.
        snapshot.insert(StreamSnapshot(id: StreamID(6), origin: .accepted(from: ListenerID(1)), local: nil, peer: nil, socketKey: 6,
                                       received: ring, sent: ring, historyLength: 1, lastChange: .now))
        snapshot.insert(StreamSnapshot(id: StreamID(5), origin: .connected(to: "l1"), local: nil, peer: nil, socketKey: 5,
                                       received: ring, sent: ring, historyLength: 1, lastChange: .now))
        #expect(snapshot.streamOrder.map(\.number) == [1, 2, 3, 4, 5, 6])
        let s1 = try #require(snapshot.streams[StreamID(1)])
        #expect(snapshot.partner(of: s1)?.id == StreamID(2))
    }

    /// A listener other hosts reach says so in its row and in the header bar: ALL-IFACES on
    /// every interface, EXPOSED on one address that is not loopback; loopback says nothing.
    @Test(arguments: [("ALL-IFACES", true, true), ("EXPOSED", false, true), ("", false, false)])
    func listenerExposureFlags(flag: String, allInterfaces: Bool, reachable: Bool) throws {
        var snapshot = SnapshotFixture.streams(2, selected: 1)
        var listener = ListenerSnapshot(id: ListenerID(1), local: .v4(.loopback, port: 4000), allInterfaces: allInterfaces)
        listener.reachableFromOtherHosts = reachable
        snapshot.listeners[ListenerID(1)] = listener
        snapshot.selected = .listener(ListenerID(1))
        let rows = Self.rows(snapshot, width: 160, height: 24)
        let row = try #require(rows.first { $0.hasPrefix("│ l1   LISTEN ") })
        let screen = rows.joined(separator: "\n")
        if flag.isEmpty {
            #expect(!row.contains("ALL-IFACES") && !row.contains("EXPOSED"), "\(row)")
            #expect(!screen.contains("reachable from other hosts"))
        } else {
            #expect(row.contains(flag), "\(row)")
            #expect(screen.contains(allInterfaces ? "(all interfaces: reachable from other hosts)" : "  (reachable from other hosts)"))
        }
    }
}
