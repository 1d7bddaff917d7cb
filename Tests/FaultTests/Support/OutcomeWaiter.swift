import Dispatch
import Synchronization
@testable import Inspector

/// The outcome of a command submitted without waiting (a read that blocks), handed back to
/// the test with a deadline, so a command that never finishes fails the test instead of
/// hanging it.
final class OutcomeWaiter: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let value = Mutex<Outcome?>(nil)

    func set(_ outcome: Outcome) {
        value.withLock { $0 = outcome }
        semaphore.signal()
    }

    /// The outcome, or nil if none came within `timeout`.
    func wait(timeout: Duration) -> Outcome? {
        let millis = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard semaphore.wait(timeout: .now() + .milliseconds(millis)) == .success else { return nil }
        return value.withLock { $0 }
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
