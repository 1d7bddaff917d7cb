import Testing
import TestSupport
@testable import Inspector

/// Runs a line that must succeed; records a test issue with the message if it fails.
@discardableResult
func ok(_ session: Session, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
    let outcome = session.perform(line)
    #expect(outcome.ok, "\(line.prefix(120)): \(outcome.message.prefix(400))", sourceLocation: sourceLocation)
    return outcome
}

/// Runs a line that must fail, and returns its message.
@discardableResult
func fails(_ session: Session, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let outcome = session.perform(line)
    #expect(!outcome.ok, "\(line.prefix(120)) should fail, but: \(outcome.message.prefix(400))", sourceLocation: sourceLocation)
    return outcome.message
}

/// Waits until the session's snapshot satisfies `condition`.
func eventually(_ session: Session, timeout: Duration = .seconds(10), _ condition: (Snapshot) -> Bool) -> Bool {
    waitUntil(timeout: timeout) { condition(session.snapshot()) }
}

extension Snapshot {
    func stream(_ n: Int) -> StreamSnapshot? { streams[StreamID(n)] }
}

/// A session that is shut down when the test ends.
func withSession<R>(_ configuration: SessionConfiguration = SessionConfiguration(),
                    _ body: (Session) throws -> R) rethrows -> R {
    let session = Session(configuration: configuration)
    defer { session.shutdown() }
    return try body(session)
}

/// The longest text one `send` line can carry: a line holds at most 64 KiB, command included.
let largestSend = 60_000
