/// A `tcpscope --frame-log` file: one line per frame, "SHOWN RENDER PRESENT", where SHOWN is
/// the CLOCK_MONOTONIC time its doupdate() returned and the others are durations, all in
/// microseconds.
struct FrameLogFile: Sendable {
    struct Frame: Sendable {
        var shown: Int64
        var render: Int64
        var present: Int64
    }

    var frames: [Frame] = []

    static func read(_ path: String) -> FrameLogFile {
        var file = FrameLogFile()
        for line in TextFile.read(path, limit: 8 << 20).split(separator: "\n") {
            let words = line.split(separator: " ").compactMap { Int64($0) }
            if words.count == 3 { file.frames.append(Frame(shown: words[0], render: words[1], present: words[2])) }
        }
        return file
    }

    /// The most frames shown within any one second.
    var busiestSecond: Int {
        var best = 0
        var start = 0
        // Two indices that only move forward: linear in the frame count.
        for end in frames.indices {
            while frames[end].shown - frames[start].shown >= 1_000_000 { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }
}

/// Frame logs of every screen sink that ran, for the frame-rate row.
final class FrameLedger {
    private(set) var logs: [FrameLogFile] = []

    func add(_ log: FrameLogFile) {
        logs.append(log)
    }
}
