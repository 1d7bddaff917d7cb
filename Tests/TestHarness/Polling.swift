/// Calls `probe` every `interval` until it returns a value or `timeout` passes (longer under a
/// sanitizer: `Sanitizer.scaled`), and returns that value or nil. Bounded both ways: by the deadline, and by a count of attempts, so a clock that
/// misbehaves cannot turn it into an endless loop. It sleeps between attempts rather than
/// blocking, so waiting tests leave the few cooperative threads to the rest of the run.
public func poll<T>(timeout: Duration, interval: Duration = .milliseconds(25),
             _ probe: () async throws -> T?) async throws -> T? {
    let timeout = Sanitizer.scaled(timeout)
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    let maxAttempts = Int(timeout / interval) + 2
    for _ in 0..<maxAttempts {
        if let value = try await probe() { return value }
        if clock.now >= deadline { break }
        try await Task.sleep(for: interval)
    }
    return try await probe()
}
