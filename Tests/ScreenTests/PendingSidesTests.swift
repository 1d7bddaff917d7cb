import Testing
import Inspector
import TcpModel
@testable import Screen

/// What the screen says of a stream's two sides, from snapshots built by hand: the PENDING
/// column names what runs on each side, a connect in progress is a SYN_SENT row, and Esc asks
/// for `cancel` only when something is pending on the selected stream.
@Suite("Pending sides on the screen")
struct PendingSidesTests {
    static func snapshot(_ change: (inout StreamSnapshot) -> Void) -> Snapshot {
        let start = ContinuousClock.now
        var snapshot = Snapshot(log: EventLog(start: start).view, started: start)
        let ring = CaptureRing(bound: 16)
        var stream = StreamSnapshot(id: StreamID(1), origin: .connected(to: "127.0.0.1:6379"), local: .v4(.loopback, port: 40000),
                                    peer: .v4(.loopback, port: 6379), socketKey: 1, received: ring, sent: ring,
                                    historyLength: 4, lastChange: start)
        change(&stream)
        snapshot.insert(stream)
        snapshot.selected = .stream(StreamID(1))
        return snapshot
    }

    static func row(_ snapshot: Snapshot) -> String {
        let canvas = ScreenRenderer.render(snapshot, ViewState(), width: 160, height: 40, help: HelpLibrary(), now: .now).canvas
        return (0..<canvas.height).map(canvas.line).first { $0.hasPrefix("│ s1 ") } ?? ""
    }

    @Test func thePendingColumnNamesBothSides() {
        let started = ContinuousClock.now - .seconds(2)
        let snap = Self.snapshot { s in
            s.pending = PendingOperation(op: "read", args: "", started: started)
            s.pendingWrite = PendingOperation(op: "send", args: "\"PING\\r\\n\"", started: started)
        }
        let row = Self.row(snap)
        #expect(row.contains("r:read 2.") && row.contains("w:send 2."), "\(row)")
        let waiting = Self.row(Self.snapshot { $0.pendingWait = PendingOperation(op: "wait", args: "readable", started: started) })
        #expect(waiting.contains("r:wait 2."), "a wait is shown on the read side: \(waiting)")
    }

    @Test func aConnectInProgressIsASynSentRow() {
        let snap = Self.snapshot { s in
            s.peer = nil
            s.connect = PendingConnect(id: StreamID(1), target: "127.0.0.1:6379", started: .now - .seconds(3), timeout: .seconds(10))
        }
        let row = Self.row(snap)
        #expect(row.contains("SYN_SENT") && row.contains("→ 127.0.0.1:6379") && row.contains("connect 3.0s of 10s"), "\(row)")
    }

    @Test func escapeCancelsOnlyWhatIsPending() {
        var i = Interaction(help: HelpLibrary())
        i.resize(width: 160, height: 40)
        #expect(i.handle(.escape, snapshot: Self.snapshot { _ in }) == [], "nothing pending: Esc does nothing")
        let busy = Self.snapshot { $0.pending = PendingOperation(op: "peek", args: "", started: .now) }
        #expect(i.handle(.escape, snapshot: busy) == [.submit("cancel")])
        #expect(i.view.status == "cancelling peek on s1")
        let connecting = Self.snapshot { $0.connect = PendingConnect(id: StreamID(1), target: "127.0.0.1:1", started: .now, timeout: nil) }
        #expect(i.handle(.escape, snapshot: connecting) == [.submit("cancel")])
        // In the prompt, Esc still only closes the prompt.
        _ = i.handle(.character(":"), snapshot: busy)
        #expect(i.handle(.escape, snapshot: busy) == [])
        #expect(i.view.mode == .normal)
    }
}
