import Dispatch
import Testing
import TestSupport
@testable import Inspector

// Every step here awaits instead of blocking a thread: Swift Testing runs all targets' tests on
// one cooperative pool as wide as the machine (two threads here), and a test that blocks one
// of them stalls every async test beside it (the screen tests type and read through it).

/// Runs a line and returns its outcome when the command finishes.
func run(_ session: Session, _ line: String) async -> Outcome {
    await withCheckedContinuation { continuation in
        session.submit(line) { continuation.resume(returning: $0) }
    }
}

/// Runs a line that must succeed; records a test issue with the message if it fails.
@discardableResult
func ok(_ session: Session, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) async -> Outcome {
    let outcome = await run(session, line)
    #expect(outcome.ok, "\(line.prefix(120)): \(outcome.message.prefix(400))", sourceLocation: sourceLocation)
    return outcome
}

/// Runs a line that must fail, and returns its message.
@discardableResult
func fails(_ session: Session, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
    let outcome = await run(session, line)
    #expect(!outcome.ok, "\(line.prefix(120)) should fail, but: \(outcome.message.prefix(400))", sourceLocation: sourceLocation)
    return outcome.message
}

/// Whether `condition` comes to hold within `timeout`, checked every few milliseconds.
func within(_ timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    (try? await poll(timeout: timeout, interval: .milliseconds(5)) { condition() ? true : nil }) != nil
}

/// Whether the session's snapshot comes to satisfy `condition` within `timeout`.
func eventually(_ session: Session, timeout: Duration = .seconds(30), _ condition: (Snapshot) -> Bool) async -> Bool {
    await within(timeout) { condition(session.snapshot()) }
}

/// Runs `body`, which blocks, on a thread of its own, and awaits its result. `body` must not
/// record test issues (it runs outside the test's task); return what to check instead.
func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue(label: "tcpscope.fault-tests.blocking").async { continuation.resume(returning: body()) }
    }
}

extension Snapshot {
    func stream(_ n: Int) -> StreamSnapshot? { streams[StreamID(n)] }
}

/// A session that is shut down when the test ends.
func withSession<R>(_ configuration: SessionConfiguration = SessionConfiguration(),
                    _ body: (Session) async throws -> R) async rethrows -> R {
    let session = Session(configuration: configuration)
    defer { session.shutdown() }
    return try await body(session)
}

/// The longest text one `send` line can carry: a line holds at most 64 KiB, command included.
let largestSend = 60_000
