import Glibc

/// Goal 6: idle cost. tcpscope's screen (200x60 tmux) with `streams` idle streams open and
/// listed, htop in a tmux terminal of the same size as the reference, and a headless
/// `tcpscope run` holding the same streams, all measured over the same window: CPU from
/// /proc/PID/stat (utime + stime, every thread) at its start and end. The headless run should
/// sleep: the table also says where its threads wait (/proc/PID/task/*/wchan).
struct IdleProbe {
    static let figurePrefix = "6 idle CPU"
    let tools: Tools
    /// Streams open (an even number: each `connect l1` opens two).
    let streams: Int
    let seconds: Double
    let progress: (String) -> Void

    func measure() -> [Row] {
        let screenFigure = "\(Self.figurePrefix), screen with \(streams) idle streams, \(Int(seconds)) s"
        let headlessFigure = "\(Self.figurePrefix), headless run with \(streams) idle streams"
        let goal = Goal.valueAtMost(0.5, text: "0.5% of a core")
        let errorLog = "\(tools.workDirectory)/stderr.log"
        let connects = String(repeating: "connect l1\n", count: max(1, streams / 2))
        let screenScript = "\(tools.workDirectory)/idle-screen.tcps"
        let headlessScript = "\(tools.workDirectory)/idle-headless.tcps"
        do {
            try TextFile.write(screenScript, "listen 0\n" + connects)
            // The headless run sleeps after opening, longer than the window; the driver ends it.
            try TextFile.write(headlessScript, "listen 0\n" + connects + "sleep \(Int(seconds) + 120)s\n")
        } catch {
            return [.missing(screenFigure, goal: goal, "\(error)"), .missing(headlessFigure, goal: goal, "\(error)")]
        }
        // The headless run needs no terminal.
        let headless: ChildProcess
        do {
            headless = try ChildProcess([tools.tcpscope, "run", "-q", headlessScript], stdout: .null, errorLog: errorLog)
        } catch {
            return [.missing(headlessFigure, goal: goal, "\(error)")]
        }
        defer { headless.kill() }
        guard TmuxSession.installed else {
            return [.skipped(screenFigure, goal: goal, "tmux not installed")] + measureAlone(headless, figure: headlessFigure, goal: goal)
        }
        do {
            let frameLog = "\(tools.workDirectory)/idle-frames.log"
            let screen = try TmuxSession([tools.tcpscope, "--script", screenScript, "--frame-log", frameLog],
                                         width: 200, height: 60, tag: "idle", workDirectory: tools.workDirectory, errorLog: errorLog)
            defer { screen.close() }
            // The reference, when installed: a program people leave open all day.
            let htop = Tools.installed("htop")
                ? try TmuxSession(["htop"], width: 200, height: 60, tag: "htop", workDirectory: tools.workDirectory, errorLog: errorLog)
                : nil
            defer { htop?.close() }
            let listed = "Streams (\(streams) streams, 1 listener)"
            guard screen.waitForScreen(timeout: 60, { $0.contains(listed) }) != nil else {
                throw BenchError("the screen never listed \(streams) streams (\(screen.programEnd() ?? "still running"))")
            }
            try waitForDescriptors(headless.pid, atLeast: streams + 1)
            // The session refreshes what the kernel says for a few seconds after each change,
            // then goes quiet: measure the quiet.
            TmuxSession.sleep(4)
            // Without htop the screen is measured twice in its place, and the reference says so.
            let pids = [try screen.programPID(), try htop?.programPID() ?? screen.programPID(), headless.pid]
            let framesBefore = FrameLogFile.read(frameLog).frames.count
            let before = pids.map(ProcessStats.cpuSeconds)
            let start = MonotonicTime.now()
            TmuxSession.sleep(seconds)
            let after = pids.map(ProcessStats.cpuSeconds)
            let elapsed = MonotonicTime.now() - start
            let channels = ProcessStats.waitChannels(headless.pid)
            let frames = FrameLogFile.read(frameLog).frames.count - framesBefore
            var percent: [Double] = []
            for (a, b) in zip(before, after) {
                guard let a, let b else { throw BenchError("a process ended during the idle window") }
                percent.append((b - a) / elapsed * 100)
            }
            progress("  idle \(Format.fixed(elapsed, 1)) s: screen \(Format.fixed(percent[0], 2))% (\(frames) frames), "
                     + "htop \(Format.fixed(percent[1], 2))%, headless \(Format.fixed(percent[2], 2))%; headless threads wait in \(Self.describe(channels))")
            let reference = htop == nil ? "(htop not installed)" : "\(Format.fixed(percent[1], 2))% htop"
            if htop == nil { percent[1] = 0 }
            return [
                Row(figure: screenFigure, measured: "\(Format.fixed(percent[0], 2))% (\(frames) frames)", reference: reference,
                    ratio: percent[1] > 0 ? percent[0] / percent[1] : nil, goal: goal, value: percent[0]),
                headlessRow(headlessFigure, percent: percent[2], reference: reference, htop: percent[1], channels: channels, goal: goal),
            ]
        } catch {
            return [.missing(screenFigure, goal: goal, "\(error)")] + measureAlone(headless, figure: headlessFigure, goal: goal)
        }
    }

    /// The headless figure on its own, when the screen could not be measured.
    private func measureAlone(_ headless: ChildProcess, figure: String, goal: Goal) -> [Row] {
        do {
            try waitForDescriptors(headless.pid, atLeast: streams + 1)
            TmuxSession.sleep(4)
            guard let a = ProcessStats.cpuSeconds(headless.pid) else { throw BenchError("the headless run ended") }
            let start = MonotonicTime.now()
            TmuxSession.sleep(seconds)
            guard let b = ProcessStats.cpuSeconds(headless.pid) else { throw BenchError("the headless run ended") }
            let percent = (b - a) / (MonotonicTime.now() - start) * 100
            return [headlessRow(figure, percent: percent, reference: "-", htop: 0, channels: ProcessStats.waitChannels(headless.pid), goal: goal)]
        } catch {
            return [.missing(figure, goal: goal, "\(error)")]
        }
    }

    private func headlessRow(_ figure: String, percent: Double, reference: String, htop: Double, channels: [String: Int], goal: Goal) -> Row {
        // A thread whose wchan is "0" is running, not asleep.
        let running = channels["0", default: 0]
        return Row(figure: figure, measured: "\(Format.fixed(percent, 2))%, waits: \(Self.describe(channels))", reference: reference,
                   ratio: htop > 0 ? percent / htop : nil, goal: goal, value: percent,
                   failure: running > 0 ? "\(running) thread(s) were running, not waiting" : nil)
    }

    /// Waits until `pid` holds at least `count` descriptors (its streams are open).
    private func waitForDescriptors(_ pid: pid_t, atLeast count: Int) throws(BenchError) {
        let deadline = MonotonicTime.now() + 60
        // Bounded by the deadline.
        while ProcessStats.directoryEntries("/proc/\(pid)/fd").count < count {
            guard MonotonicTime.now() < deadline else { throw BenchError("the headless run never opened \(count) descriptors") }
            TmuxSession.sleep(0.1)
        }
    }

    static func describe(_ channels: [String: Int]) -> String {
        channels.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
    }
}
