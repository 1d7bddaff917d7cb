import TestSupport

/// Awaiting a peer or a run of the tool, instead of blocking a thread (see SessionSteps).
extension PeerProcess {
    /// Its exit status once it has exited, or nil if it still runs after `timeout`.
    func exited(within timeout: Duration) async -> Int32? {
        guard (try? await poll(timeout: timeout, { isRunning ? nil : true })) != nil else { return nil }
        return try? await waitForExit(timeout: .seconds(1))
    }

    /// The rest of the first complete stdout line that starts with `prefix`.
    func line(after prefix: String, timeout: Duration = .seconds(30)) async throws -> String {
        let line = try await waitForLine(containing: prefix, timeout: timeout)
        guard let range = line.range(of: prefix) else { return line }
        return String(line[range.upperBound...])
    }
}
