import Glibc

/// CLOCK_MONOTONIC in seconds, the same clock the C programs print.
public enum MonotonicTime {
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
