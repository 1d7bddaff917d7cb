import Glibc

/// What this machine's kernel makes of a socket timeout, learnt from a socket of the test's own.
///
/// Linux keeps SO_RCVTIMEO and SO_SNDTIMEO in scheduler ticks (CONFIG_HZ: 100, 250, 300 or 1000
/// a second), rounding up, and converts back on reading: 250 ms reads back as 252 ms at 250 Hz,
/// 253.333 ms at 300 Hz, and 250 ms at 100 or 1000 Hz. A test that expects the figure of one
/// kernel fails on the others, so tests ask this type instead.
public enum KernelTimeout {
    /// `timeout` (at least 1 µs, under a day) as this kernel reads it back: set with
    /// SO_RCVTIMEO on a scratch socket and read again with plain system calls, independently of
    /// tcpscope's own code.
    public static func readBack(_ timeout: Duration) throws -> Duration {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        defer { close(fd) }
        let (seconds, attoseconds) = timeout.components
        var set = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &set, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw HarnessError("setsockopt SO_RCVTIMEO: errno \(errno)")
        }
        var got = timeval()
        var length = socklen_t(MemoryLayout<timeval>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &got, &length) == 0 else {
            throw HarnessError("getsockopt SO_RCVTIMEO: errno \(errno)")
        }
        return .seconds(got.tv_sec) + .microseconds(got.tv_usec)
    }

    /// The kernel's tick rate (CONFIG_HZ), from the read-back of the shortest timeout: one tick.
    public static func hertz() throws -> Int {
        let tick = try readBack(.microseconds(1))
        let microseconds = Int(tick.components.attoseconds / 1_000_000_000_000)
        guard microseconds > 0 else { throw HarnessError("a 1 µs timeout read back as \(tick)") }
        return Int((1_000_000.0 / Double(microseconds)).rounded())
    }

    /// What the kernel's own arithmetic gives for `timeout` at `hertz` ticks a second (as
    /// net/core/sock.c writes it): whole ticks rounded up, read back in microseconds rounded
    /// down. Lets a test check `readBack` against the documented rule on any kernel.
    public static func expected(_ timeout: Duration, hertz: Int) -> Duration {
        let (seconds, attoseconds) = timeout.components
        let microseconds = Int(attoseconds / 1_000_000_000_000)
        let perTick = 1_000_000 / hertz
        let ticks = Int(seconds) * hertz + (microseconds + perTick - 1) / perTick
        return .seconds(ticks / hertz) + .microseconds((ticks % hertz) * 1_000_000 / hertz)
    }

    /// A sub-second duration as tcpscope writes one: `252ms`, `253.333ms`.
    public static func millisecondsText(_ duration: Duration) -> String {
        let microseconds = Int(duration.components.seconds) * 1_000_000
            + Int(duration.components.attoseconds / 1_000_000_000_000)
        let whole = microseconds / 1000, fraction = microseconds % 1000
        guard fraction > 0 else { return "\(whole)ms" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)ms"
    }
}
