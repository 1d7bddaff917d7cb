import Testing
@testable import Inspector

/// Each observer of the event log has its own handle, and cancelling it removes that one only.
@Suite("Event log observers")
struct EventLogObserverTests {
    @Test func cancellingOneObserverLeavesTheOthers() {
        let log = EventLog()
        let first = Lines(), second = Lines(), third = Lines()
        let a = log.observe { first.add($0.op) }
        let b = log.observe { second.add($0.op) }
        let c = log.observe { third.add($0.op) }
        log.append(Event(entry: nil, op: "one"))
        b.cancel()
        log.append(Event(entry: nil, op: "two"))
        b.cancel()  // twice is harmless, and still removes no other
        a.cancel()
        log.append(Event(entry: nil, op: "three"))
        #expect(first.all == ["one", "two"])
        #expect(second.all == ["one"])
        #expect(third.all == ["one", "two", "three"])
        c.cancel()
    }
}
