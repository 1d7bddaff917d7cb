import DequeModule

/// Every operation of a session, newest last, bounded: when the bound is reached the oldest
/// events leave and `dropped` counts them.
///
/// Appending is O(1). Readers take a `EventLogView` (a position in the log) and copy the
/// events they show, so publishing a snapshot never copies the log.
public final class EventLog: Sendable {
    private struct State {
        var events = Deque<Event>()
        var next: UInt64 = 0
        /// In the order they began observing, each under the key its handle removes.
        var observers: [(key: UInt64, call: @Sendable (Event) -> Void)] = []
        var nextObserver: UInt64 = 0
    }

    public let bound: Int
    private let state: Locked<State>
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    public init(bound: Int = 10_000, start: ContinuousClock.Instant = .now) {
        self.bound = max(1, bound)
        self.start = start
        state = Locked(State())
    }

    /// Adds an event (stamping its sequence and time) and hands it to every observer, in order.
    @discardableResult
    public func append(_ event: Event) -> Event {
        var stamped = event
        stamped.time = clock.now - start
        // Observers run under the lock so a transcript sees events in log order.
        return state.withLock { s in
            stamped.sequence = s.next
            s.next += 1
            s.events.append(stamped)
            if s.events.count > bound { s.events.removeFirst(s.events.count - bound) }
            for observer in s.observers { observer.call(stamped) }
            return stamped
        }
    }

    /// Calls `observer` with every event appended from now on (a transcript writer, the
    /// script runner's printer). Observers are independent: ending one (`cancel()` on the
    /// handle returned) leaves the others observing.
    public func observe(_ observer: @escaping @Sendable (Event) -> Void) -> EventLogObservation {
        let key = state.withLock { s -> UInt64 in
            let key = s.nextObserver
            s.nextObserver += 1
            s.observers.append((key, observer))
            return key
        }
        return EventLogObservation(log: self, key: key)
    }

    /// Removes the one observer `key` names; an observer already removed is no error.
    fileprivate func removeObserver(_ key: UInt64) {
        state.withLock { $0.observers.removeAll { $0.key == key } }
    }

    /// The log as it stands now.
    public var view: EventLogView {
        state.withLock { s in
            EventLogView(log: self, end: s.next)
        }
    }

    /// Events with sequence numbers in `range` that are still held.
    public func events(in range: Range<UInt64>) -> [Event] {
        state.withLock { s in
            guard let first = s.events.first?.sequence else { return [] }
            let lower = max(range.lowerBound, first)
            let upper = min(range.upperBound, s.next)
            guard lower < upper else { return [] }
            let from = Int(lower - first), to = Int(upper - first)
            return Array(s.events[from..<to])
        }
    }

    /// The oldest sequence number still held (equal to the number dropped).
    public var oldest: UInt64 {
        state.withLock { $0.events.first?.sequence ?? $0.next }
    }
}

/// One observer of an `EventLog`, as `observe` registered it: `cancel()` removes that observer
/// and no other. After `cancel()` returns, the observer is not running and is never called again.
public struct EventLogObservation: Sendable {
    let log: EventLog
    let key: UInt64

    /// Stops this observer; calling it again does nothing.
    public func cancel() {
        log.removeObserver(key)
    }
}

/// A position in an `EventLog`: the events before `end` are what this snapshot shows.
public struct EventLogView: Sendable {
    let log: EventLog
    /// One past the newest event this view includes.
    public let end: UInt64

    /// The newest `count` events up to `end` (fewer if the log has dropped them).
    public func last(_ count: Int) -> [Event] {
        let lower = end >= UInt64(count) ? end - UInt64(count) : 0
        return log.events(in: lower..<end)
    }

    public func events(in range: Range<UInt64>) -> [Event] {
        log.events(in: range.clamped(to: 0..<end))
    }

    /// How many events have left the log.
    public var dropped: UInt64 { log.oldest }
}
