import Glibc

/// Goal 8, second part: the first frame of `tcpscope demo` within 100 ms of exec, warm disk
/// cache. In a 200x60 tmux terminal, `Benchmarks exec-stamp` writes CLOCK_MONOTONIC to a file
/// and execs tcpscope, whose `--frame-log` gives the CLOCK_MONOTONIC time its first doupdate()
/// returned: the difference is exec to first frame, on one clock. The reference, timed
/// alternately, is exec to exit of `tcpscope --version`: what starting the binary costs at all.
///
/// A cross-check from outside compares tcpscope with htop the same way a person would see
/// them: from the tmux call that starts each to the first capture-pane showing its screen.
struct FirstFrameProbe {
    static let figurePrefix = "8 first frame"
    let tools: Tools
    let runs: Int
    let progress: (String) -> Void

    func measure() -> [Row] {
        let figure = "\(Self.figurePrefix): exec to first doupdate, tcpscope demo (median)"
        let outsideFigure = "\(Self.figurePrefix) seen in tmux: tcpscope demo / htop"
        let goal = Goal.valueAtMost(100, text: "100 ms")
        guard TmuxSession.installed else {
            return [.skipped(figure, goal: goal, "tmux not installed"), .skipped(outsideFigure, goal: .none, "tmux not installed")]
        }
        let errorLog = "\(tools.workDirectory)/stderr.log"
        let startup = StartupProbe(runs: 1, errorLog: errorLog, progress: progress)
        var firsts: [Double] = [], versions: [Double] = [], ratios: [Double] = []
        var seenTcpscope: [Double] = [], seenHtop: [Double] = [], seenRatios: [Double] = []
        var failure: String?, seenFailure: String?
        // tcpscope's first frame is whole at once: the footer is in it. htop draws its meters first.
        let tcpscopeText = "?Help :Cmd", htopText = "Load average"
        // One run of each first, unmeasured: the disk cache is warm for all that follow.
        _ = try? firstFrame(errorLog: errorLog)
        _ = try? seen(["htop"], showing: htopText, errorLog: errorLog)
        for _ in 0..<max(1, runs) {
            do {
                let a = try firstFrame(errorLog: errorLog)
                let b = try startup.time([tools.tcpscope, "--version"])
                firsts.append(a)
                versions.append(b)
                ratios.append(a / b)
            } catch {
                failure = failure ?? error.description
            }
            guard Tools.installed("htop") else {
                seenFailure = "htop is not installed"
                continue
            }
            do {
                let c = try seen([tools.tcpscope, "demo"], showing: tcpscopeText, errorLog: errorLog)
                let d = try seen(["htop"], showing: htopText, errorLog: errorLog)
                seenTcpscope.append(c)
                seenHtop.append(d)
                seenRatios.append(c / d)
            } catch {
                seenFailure = seenFailure ?? error.description
            }
        }
        progress("  exec to first frame: \(firsts.map { Format.milliseconds($0) }.joined(separator: " ")); "
                 + "seen in tmux: tcpscope \(seenTcpscope.map { Format.milliseconds($0) }.joined(separator: " ")), "
                 + "htop \(seenHtop.map { Format.milliseconds($0) }.joined(separator: " "))")
        let first = Median.of(firsts)
        let seenA = Median.of(seenTcpscope), seenB = Median.of(seenHtop)
        return [
            Row(figure: figure, measured: first.map(Format.milliseconds) ?? "-",
                reference: Median.of(versions).map { "\(Format.milliseconds($0)) tcpscope --version" } ?? "-",
                ratio: Median.of(ratios), spread: Median.range(ratios), goal: goal, value: first.map { $0 * 1000 },
                failure: firsts.isEmpty ? (failure ?? "no run") : failure),
            Row(figure: outsideFigure, measured: seenA.map(Format.milliseconds) ?? "-",
                reference: seenB.map { "\(Format.milliseconds($0)) htop" } ?? "-",
                ratio: Median.of(seenRatios), spread: Median.range(seenRatios), goal: .none,
                failure: seenRatios.isEmpty ? (seenFailure ?? "no run") : seenFailure),
        ]
    }

    /// Seconds from exec to the first frame, both on CLOCK_MONOTONIC.
    private func firstFrame(errorLog: String) throws(BenchError) -> Double {
        let stamp = "\(tools.workDirectory)/exec-stamp.txt"
        let frames = "\(tools.workDirectory)/first-frames.log"
        unlink(stamp)
        unlink(frames)
        let terminal = try TmuxSession([tools.benchmarks, "exec-stamp", stamp, tools.tcpscope, "demo", "--frame-log", frames],
                                       width: 200, height: 60, tag: "first", workDirectory: tools.workDirectory, errorLog: errorLog)
        defer { terminal.close() }
        let deadline = MonotonicTime.now() + 10
        // Bounded by the deadline: the first frame comes within a second or the run failed.
        while MonotonicTime.now() < deadline {
            if let shown = FrameLogFile.read(frames).frames.first?.shown,
               let exec = Int64(TextFile.read(stamp).trimmingSpaces()) {
                return Double(shown - exec) / 1e6
            }
            if let end = terminal.programEnd() { throw BenchError("tcpscope demo \(end) before its first frame") }
            TmuxSession.sleep(0.02)
        }
        throw BenchError("tcpscope demo showed no frame in 10 s")
    }

    /// Seconds from starting `argv` in tmux to the first capture showing `text`.
    private func seen(_ argv: [String], showing text: String, errorLog: String) throws(BenchError) -> Double {
        let start = MonotonicTime.now()
        let terminal = try TmuxSession(argv, width: 200, height: 60, tag: "seen", workDirectory: tools.workDirectory, errorLog: errorLog)
        defer { terminal.close() }
        guard terminal.waitForScreen(timeout: 10, interval: 0, { $0.contains(text) }) != nil else {
            throw BenchError("\(argv[0]) never showed \"\(text)\"")
        }
        return MonotonicTime.now() - start
    }
}

/// `Benchmarks exec-stamp FILE PROGRAM ARGS...`: writes CLOCK_MONOTONIC in microseconds to FILE,
/// then becomes PROGRAM (execv), so FILE holds the moment of exec.
enum ExecStamp {
    static func run(_ arguments: [String]) throws(BenchError) -> Never {
        guard arguments.count >= 2 else { throw BenchError("exec-stamp needs FILE PROGRAM [ARGS...]") }
        let program = arguments[1]
        let argv = arguments.dropFirst().map { strdup($0) } + [nil]
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        try TextFile.write(arguments[0], "\(Int64(t.tv_sec) * 1_000_000 + Int64(t.tv_nsec) / 1000)\n")
        execv(program, argv)
        throw BenchError("exec-stamp: cannot run \(program): \(String(cString: strerror(errno)))")
    }
}
