import Glibc
import Inspector
import Screen
import Terminal

/// Goal 5, second part: the curses backend sends only what changed. `Benchmarks present-probe`
/// runs in a 200x60 tmux terminal and counts the bytes it writes (/proc/self/io wchar: the
/// terminal is the only thing it writes to meanwhile) for a few frames:
///
/// - `full`: the first frame, every cell drawn;
/// - `same`: the same canvas again (the presenter's own canvas diff finds nothing to write);
/// - `rewritten`: the same picture through a canvas one row taller than the terminal, which
///   makes the presenter write every cell to curses again without clearing: what reaches the
///   terminal then is what ncurses' own optimisation (doupdate against its copy of the
///   screen) lets through;
/// - `one-cell`: one cell changed;
/// - `ingest`: 4 KiB more received on the selected stream, so every hexdump row moves.
enum PresentProbe {
    static let figurePrefix = "5 bytes to the terminal"
    static let labels = ["full", "same", "rewritten", "one-cell", "ingest"]

    /// The part that runs inside the terminal; writes "LABEL BYTES" lines to `out`.
    static func runInTerminal(out: String, streams: Int) throws(BenchError) -> Int32 {
        var snapshot = try SyntheticSnapshot.make(streams: streams)
        let screen: TerminalScreen
        do {
            screen = try TerminalScreen.start()
        } catch {
            throw BenchError("present-probe: \(error)")
        }
        let presenter = CanvasPresenter(screen: screen)
        let size = screen.size
        let help = HelpLibrary()
        let now = ContinuousClock.now
        func frame() -> Canvas {
            ScreenRenderer.render(snapshot, ViewState(), width: size.width, height: size.height, help: help, now: now).canvas
        }
        let me = getpid()
        var results: [String] = []
        func measure(_ label: String, _ canvas: Canvas) {
            let before = ProcessStats.writtenBytes(me) ?? .nan
            presenter.present(canvas, cursor: nil)
            let after = ProcessStats.writtenBytes(me) ?? .nan
            results.append("\(label) \(Int(after - before))")
        }
        let first = frame()
        measure("full", first)
        measure("same", first)
        var taller = Canvas(width: first.width, height: first.height + 1)
        for y in 0..<first.height {
            for x in 0..<first.width { taller[x, y] = first[x, y] }
        }
        measure("rewritten", taller)
        measure("back", first)  // the size changes back: a second full rewrite, not reported
        results.removeLast()
        var one = first
        one[first.width / 2, first.height / 2] = Cell(first[first.width / 2, first.height / 2].scalar == "#" ? "%" : "#", role: .warning)
        measure("one-cell", one)
        if let id = snapshot.selectedStream?.id, let ring = snapshot.selectedStream?.received {
            let more = [UInt8](repeating: 0x41, count: 4096)
            more.withUnsafeBytes { ring.append($0) }
            snapshot.streams[id]?.receivedTotals = ring.totals
            snapshot.streams[id]?.peekOffset = ring.totals.total
        }
        measure("ingest", frame())
        screen.restore()
        try TextFile.write(out, results.joined(separator: "\n") + "\n")
        return 0
    }

    /// The driver's part: runs the probe in tmux and turns its counts into rows.
    static func measure(tools: Tools, streams: Int, progress: (String) -> Void) -> [Row] {
        let unchanged = "\(figurePrefix): unchanged frame, every cell rewritten"
        let oneCell = "\(figurePrefix): one changed cell"
        let goal = Goal.atMost(0.01)
        guard TmuxSession.installed else {
            return [.skipped(unchanged, goal: goal, "tmux not installed"), .skipped(oneCell, goal: .none, "tmux not installed")]
        }
        let out = "\(tools.workDirectory)/present-probe.txt"
        unlink(out)
        var counts: [String: Double] = [:]
        do {
            let terminal = try TmuxSession([tools.benchmarks, "present-probe", "--out", out, "--streams", "\(streams)"],
                                           width: 200, height: 60, tag: "present", workDirectory: tools.workDirectory,
                                           errorLog: "\(tools.workDirectory)/stderr.log")
            defer { terminal.close() }
            let deadline = MonotonicTime.now() + 60
            // Bounded by the deadline: the probe draws five frames and exits.
            while terminal.programEnd() == nil, MonotonicTime.now() < deadline { TmuxSession.sleep(0.1) }
            for line in TextFile.read(out).split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count == 2, let n = Double(words[1]) { counts[String(words[0])] = n }
            }
            guard counts.count == labels.count else {
                let end = terminal.programEnd() ?? "still running after 60 s"
                return [.missing(unchanged, goal: goal, "the probe \(end) without its counts: \(counts)")]
            }
        } catch {
            return [.missing(unchanged, goal: goal, error.description)]
        }
        progress("  bytes written per frame: " + labels.map { "\($0) \(Int(counts[$0] ?? -1))" }.joined(separator: ", "))
        let full = max(1, counts["full"] ?? 1)
        func row(_ figure: String, _ label: String, _ goal: Goal) -> Row {
            let n = counts[label] ?? 0
            return Row(figure: figure, measured: "\(Int(n)) bytes", reference: "\(Int(full)) bytes full frame",
                       ratio: n / full, goal: goal)
        }
        return [row(unchanged, "rewritten", goal), row(oneCell, "one-cell", .none)]
    }
}
