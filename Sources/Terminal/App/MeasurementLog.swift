import Glibc

/// A file of measurements, one per line, for the benchmarks to read (`--latency-log`,
/// `--frame-log`). Flushed as written: a reader may look while the screen runs, and a killed
/// process keeps what it wrote. At most about sixty writes a second.
final class MeasurementLog {
    private let file: UnsafeMutablePointer<FILE>

    init?(path: String) {
        guard let file = fopen(path, "w") else { return nil }
        self.file = file
    }

    deinit {
        fclose(file)
    }

    func write(_ lines: some Sequence<String>) {
        for line in lines { fputs(line + "\n", file) }
        fflush(file)
    }

    /// `--latency-log`: from the moment a key is read on the UI thread to the `doupdate()`
    /// that shows its effect, in microseconds.
    func recordKeyLatencies(_ latencies: [Duration]) {
        write(latencies.map { "\(Self.microseconds($0))" })
    }

    /// `--frame-log`: when a frame's `doupdate()` finished (CLOCK_MONOTONIC microseconds, so
    /// another process can compare it with its own clock), and how long rendering the canvas
    /// and handing it to curses took (microseconds).
    func recordFrame(render: Duration, present: Duration) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let shown = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        write(CollectionOfOne("\(shown) \(Self.microseconds(render)) \(Self.microseconds(present))"))
    }

    static func microseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
    }
}
