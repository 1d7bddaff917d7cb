import Glibc

/// Conversions between Swift `Duration` and the kernel's time shapes, with Rust's rules for
/// the edge cases. The one place tcpscope turns a `Duration` into a count of units: every
/// layer above uses these rather than its own arithmetic on `components`.
extension Duration {
    /// Whole microseconds, rounded down, saturating.
    public var wholeMicroseconds: Int64 {
        wholeUnits(perUnit: 1_000_000_000_000, perSecond: 1_000_000)
    }

    /// Whole milliseconds, rounded down, saturating.
    public var wholeMilliseconds: Int64 {
        wholeUnits(perUnit: 1_000_000_000_000_000, perSecond: 1000)
    }

    /// Whole milliseconds, rounded up, for poll(2) and epoll_wait(2): 0 for a duration that is
    /// zero or negative (a negative timeout there would mean "wait forever"), saturating at
    /// Int32.max.
    public var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        if seconds >= Int64(Int32.max / 1000) { return .max }
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: ms)
    }

    private func wholeUnits(perUnit attosecondsPerUnit: Int64, perSecond unitsPerSecond: Int64) -> Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: unitsPerSecond)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / attosecondsPerUnit)
        return overflow2 ? .max : sum
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
