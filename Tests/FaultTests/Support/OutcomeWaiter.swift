import TestSupport
@testable import Inspector

/// The outcome of a command submitted without waiting (a read that blocks), handed back to
/// the test with a deadline, so a command that never finishes fails the test instead of
/// hanging it.
final class OutcomeWaiter: Sendable {
    private let value = Locked<Outcome?>(nil)

    func set(_ outcome: Outcome) {
        value.withLock { $0 = outcome }
    }

    /// The outcome, or nil if none came within `timeout`.
    func wait(timeout: Duration) async -> Outcome? {
        try? await poll(timeout: timeout, interval: .milliseconds(5)) { value.withLock { $0 } }
    }

    /// Whether an outcome has arrived yet.
    var isDone: Bool { value.withLock { $0 != nil } }
}

extension Session {
    /// Every event the log still holds, oldest first.
    var allEvents: [Event] {
        let view = log.view
        return view.events(in: 0..<view.end)
    }
}
