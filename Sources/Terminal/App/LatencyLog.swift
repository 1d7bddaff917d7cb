import Glibc

/// Key-to-screen latencies for `--latency-log`: from the moment a key is read on the UI
/// thread to the `doupdate()` that shows its effect, in microseconds, one per line.
final class LatencyLog {
    private let file: UnsafeMutablePointer<FILE>

    init?(path: String) {
        guard let file = fopen(path, "w") else { return nil }
        self.file = file
    }

    deinit {
        fclose(file)
    }

    func record(_ latencies: [Duration]) {
        for d in latencies {
            let micros = d.components.seconds * 1_000_000 + d.components.attoseconds / 1_000_000_000_000
            fputs("\(micros)\n", file)
        }
        fflush(file)
    }
}
