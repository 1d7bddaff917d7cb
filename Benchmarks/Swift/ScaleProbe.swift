import Glibc

/// Goal 7, second part: 10,000 concurrent streams, all listed and scrollable, in at most
/// 150 MB resident. tcpscope's screen (200x60 tmux) runs a script of `listen 0` and 5,000
/// `connect l1` (each opens two streams); once the Streams pane lists them all, End scrolls to
/// the last and Home back to the first, and VmRSS is read. The reference is the same screen
/// with nothing open.
struct ScaleProbe {
    static let figurePrefix = "7 RSS, many streams"
    let tools: Tools
    let streams: Int
    let progress: (String) -> Void

    func measure() -> Row {
        let figure = "\(Self.figurePrefix) listed on the screen (\(streams))"
        let goal = Goal.valueAtMost(150, text: "150 MB")
        guard TmuxSession.installed else { return .skipped(figure, goal: goal, "tmux not installed") }
        let errorLog = "\(tools.workDirectory)/stderr.log"
        do {
            let empty = try residentOfEmptyScreen(errorLog: errorLog)
            let script = "\(tools.workDirectory)/scale.tcps"
            try TextFile.write(script, "listen 0\n" + String(repeating: "connect l1\n", count: max(1, streams / 2)))
            let started = MonotonicTime.now()
            let screen = try TmuxSession([tools.tcpscope, "--script", script], width: 200, height: 60, tag: "scale",
                                         workDirectory: tools.workDirectory, errorLog: errorLog)
            defer { screen.close() }
            let pid = try screen.programPID()
            let listed = "Streams (\(streams) streams, 1 listener)"
            guard screen.waitForScreen(timeout: 300, interval: 0.25, { $0.contains(listed) }) != nil else {
                throw BenchError("the screen never listed \(streams) streams (\(screen.programEnd() ?? "still running"))")
            }
            let opened = MonotonicTime.now() - started
            // Focus the Streams pane, then the last row and the first: every stream is reachable.
            try screen.sendKeys(["1", "End"])
            let last = "s\(streams) "
            guard screen.waitForScreen(timeout: 20, { $0.contains(last) }) != nil else { throw BenchError("End never showed \(last)") }
            try screen.sendKeys(["Home"])
            let firstRow = { (screen: String) in screen.split(separator: "\n").contains { $0.contains(" l1 ") && $0.contains(" LISTEN ") } }
            guard screen.waitForScreen(timeout: 20, firstRow) != nil else { throw BenchError("Home never showed l1") }
            TmuxSession.sleep(1)
            guard let rss = ProcessStats.residentKiB(pid), let peak = ProcessStats.peakResidentKiB(pid) else {
                throw BenchError("tcpscope ended")
            }
            let megabytes = rss * 1024 / 1e6
            progress("  \(streams) streams opened and listed in \(Format.fixed(opened, 1)) s; End showed \(last), Home showed l1; "
                     + "VmRSS \(Format.fixed(megabytes, 1)) MB, VmHWM \(Format.fixed(peak * 1024 / 1e6, 1)) MB, empty screen \(Format.fixed(empty * 1024 / 1e6, 1)) MB")
            return Row(figure: figure, measured: "\(Format.fixed(megabytes, 1)) MB (peak \(Format.fixed(peak * 1024 / 1e6, 1)))",
                       reference: "\(Format.fixed(empty * 1024 / 1e6, 1)) MB nothing open", ratio: rss / empty, goal: goal, value: megabytes)
        } catch {
            return .missing(figure, goal: goal, "\(error)")
        }
    }

    private func residentOfEmptyScreen(errorLog: String) throws(BenchError) -> Double {
        let screen = try TmuxSession([tools.tcpscope], width: 200, height: 60, tag: "empty", workDirectory: tools.workDirectory, errorLog: errorLog)
        defer { screen.close() }
        guard screen.waitForScreen(timeout: 20, { $0.contains("Nothing open") }) != nil else { throw BenchError("the empty screen never showed") }
        TmuxSession.sleep(1)
        guard let rss = ProcessStats.residentKiB(try screen.programPID()) else { throw BenchError("the empty screen ended") }
        return rss
    }
}
