import Glibc

/// Polls `condition` every few milliseconds until it holds or `timeout` passes (longer under a
/// sanitizer: `Sanitizer.scaled`).
@discardableResult
public func waitUntil(timeout: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + Sanitizer.scaled(timeout)
    repeat {
        if try condition() { return true }
        usleep(2_000)
    } while ContinuousClock.now < deadline
    return try condition()
}

