import Glibc

/// Conversions between Swift `Duration` and the kernel's time shapes, with Rust's rules for
/// the edge cases.
extension Duration {
    /// Whole microseconds, rounded down, saturating.
    var wholeMicroseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000)
        return overflow2 ? .max : sum
    }

    /// Whole milliseconds, rounded up, for poll(2); saturating at Int32.max.
    var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        if seconds >= Int64(Int32.max / 1000) { return .max }
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }

    var isZeroOrNegative: Bool { self <= .zero }

    /// A socket timeout as a `timeval`. The caller has rejected zero; anything under one
    /// microsecond becomes one microsecond, because an all-zero timeval means "no timeout".
    var timevalForTimeout: timeval {
        let (seconds, attoseconds) = components
        var usec = Int(attoseconds / 1_000_000_000_000)
        let sec = Int(clamping: seconds)
        if sec == 0 && usec == 0 { usec = 1 }
        return timeval(tv_sec: sec, tv_usec: usec)
    }

    init(_ tv: timeval) {
        self = .seconds(tv.tv_sec) + .microseconds(tv.tv_usec)
    }

    /// Whole seconds, rounded down and clamped to what a C int holds (SO_LINGER, keepalive).
    var wholeSecondsForInt32: Int32 {
        Int32(clamping: components.seconds)
    }
}
