import TcpModel
import Glibc
import Inspector

/// A file of measurements, one per line, for the benchmarks to read (`--latency-log`,
/// `--frame-log`). Flushed as written: a reader may look while the screen runs, and a killed
/// process keeps what it wrote. At most about sixty writes a second.
///
/// Handed to the UI thread before it starts; from then on only that thread writes to it
/// (`UserInterface.run`), so its lock is never contended: it is what makes the handing over
/// checkable.
public final class MeasurementLog: Sendable {
    private let file: Locked<UnsafeMutablePointer<FILE>>

    /// Opens `path` as every file tcpscope writes is opened (`PrivateFile`): an existing
    /// regular file is replaced, but a symlink, a device or a FIFO is refused untouched.
    public init(path: String) throws(FileError) {
        let fd = try PrivateFile.create(path, overwrite: true)
        guard let file = fdopen(fd.rawValue, "w") else {
            let code = errno
            Glibc.close(fd.rawValue)
            throw FileError(path: path, errnoCode: code, call: "fdopen")
        }
        self.file = Locked(file)
    }

    deinit {
        file.withLock { _ = fclose($0) }
    }

    func write(_ lines: some Sequence<String>) {
        file.withLock { file in
            for line in lines { fputs(line + "\n", file) }
            fflush(file)
        }
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

    static func microseconds(_ d: Duration) -> Int64 { d.wholeMicroseconds }
}
