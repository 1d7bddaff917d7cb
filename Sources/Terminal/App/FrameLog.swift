import Glibc

/// One line per frame for `--frame-log`: when its `doupdate()` finished (CLOCK_MONOTONIC, in
/// microseconds, so another process can compare it with its own clock), how long rendering the
/// canvas took and how long handing it to curses took (both in microseconds). The benchmarks
/// read frame rates, render costs and the time of the first frame from it.
final class FrameLog {
    private let file: UnsafeMutablePointer<FILE>

    init?(path: String) {
        guard let file = fopen(path, "w") else { return nil }
        self.file = file
    }

    deinit {
        fclose(file)
    }

    /// The current CLOCK_MONOTONIC time in microseconds.
    static func monotonicMicroseconds() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000 + Int64(t.tv_nsec) / 1000
    }

    func record(shownAt: Int64, render: Duration, present: Duration) {
        fputs("\(shownAt) \(FrameLog.microseconds(render)) \(FrameLog.microseconds(present))\n", file)
        // Flushed per frame: a reader may look while the screen runs, and a killed process
        // keeps what it wrote. At most about sixty lines a second.
        fflush(file)
    }

    static func microseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
    }
}
