import Inspector

/// What runs on each side of a stream, as the Streams pane and the status line say it.
enum PendingText {
    /// `r:read 2.1s w:send 0.4s` (read side, then write side), `connect 1.2s of 90s`, or "" when idle.
    static func of(_ s: StreamSnapshot, now: ContinuousClock.Instant) -> String {
        if let connect = s.connect {
            let limit = connect.timeout.map { " of \(DurationText.format($0))" } ?? ""
            return "connect \(Quantity.elapsed(now - connect.started))\(limit)"
        }
        var parts: [String] = []
        if let read = s.readSide { parts.append("r:\(read.op) \(Quantity.elapsed(now - read.started))") }
        if let write = s.pendingWrite { parts.append("w:\(write.op) \(Quantity.elapsed(now - write.started))") }
        return parts.joined(separator: " ")
    }

}
