import Glibc

/// Goal 9: `tcpscope sockets --json` against `ss -tinp` over the same loopback sockets, held
/// by two python3 helper processes (each connects to its own listener and keeps both ends).
/// Runs alternate A B A B; the ratios are of wall time and of CPU time (user + sys of the
/// process), and tcpscope's line count must equal `ss -tanH`'s over the same filter.
struct HostSocketsProbe {
    static let figurePrefix = "9 host sockets"
    let tools: Tools
    /// Sockets in all (two per connection, split between the two helpers).
    let sockets: Int
    let runs: Int
    let progress: (String) -> Void

    static let helper = """
        import resource, signal, socket, sys
        n = int(sys.argv[1])
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        if hard < 2 * n + 16:
            print('ERROR the descriptor limit %d is too low for %d sockets' % (hard, 2 * n), flush=True); sys.exit(1)
        l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(4096)
        held = []
        for i in range(n):
            c = socket.socket(); c.connect(l.getsockname()); a, _ = l.accept(); held += [c, a]
        print('READY %d' % l.getsockname()[1], flush=True)
        signal.pause()
        """

    func measure() -> [Row] {
        let wallFigure = "\(Self.figurePrefix): tcpscope sockets --json / ss -tinp, wall (\(sockets) sockets)"
        let cpuFigure = "\(Self.figurePrefix): tcpscope sockets --json / ss -tinp, CPU"
        let goal = Goal.atMost(0.20)
        guard Tools.installed("ss"), Tools.installed("python3") else {
            return [.skipped(wallFigure, goal: goal, "ss or python3 not installed"), .skipped(cpuFigure, goal: goal, "ss or python3 not installed")]
        }
        var helpers: [ChildProcess] = []
        var ports: [String] = []
        do throws(BenchError) {
            for _ in 0..<2 {
                let child = try ChildProcess(["python3", "-c", Self.helper, "\(sockets / 4)"], stdout: .pipe,
                                             errorLog: "\(tools.workDirectory)/stderr.log")
                helpers.append(child)
            }
            for child in helpers {
                guard let fd = child.stdout, let line = LineReader(fd).next(until: MonotonicTime.now() + 300),
                      line.hasPrefix("READY "), let port = Int(line.dropFirst(6)) else {
                    throw BenchError("a helper did not hold its connections (see stderr.log)")
                }
                ports.append(":\(port)")
            }
        } catch {
            return [.missing(wallFigure, goal: goal, error.description), .missing(cpuFigure, goal: goal, error.description)]
        }
        defer { helpers.forEach { $0.kill() } }
        // The helpers' sockets only: other programs' sockets come and go during a run.
        let filter = ["("] + ports.enumerated().flatMap { i, port in
            (i == 0 ? [] : ["or"]) + ["sport", "=", port, "or", "dport", "=", port]
        } + [")"]
        var wall: [(Double, Double)] = [], cpu: [(Double, Double)] = []
        var failure: String?
        var counts = ""
        for _ in 0..<max(1, runs) {
            do {
                let a = try run([tools.tcpscope, "sockets", "--json"] + filter)
                let b = try run(["ss", "-tinp"] + filter)
                let check = try run(["ss", "-tanH"] + filter)
                wall.append((a.wall, b.wall))
                cpu.append((a.cpu, b.cpu))
                counts = "\(a.lines) listed, ss -tanH \(check.lines)"
                if a.lines != check.lines { failure = "tcpscope listed \(a.lines) sockets, ss -tanH \(check.lines)" }
            } catch {
                failure = failure ?? error.description
            }
        }
        progress("  \(wallFigure): \(wall.map { "\(Format.milliseconds($0.0))/\(Format.milliseconds($0.1))" }.joined(separator: " ")); \(counts)")
        return [row(wallFigure, wall, goal, failure, counts), row(cpuFigure, cpu, goal, failure, counts)]
    }

    private func row(_ figure: String, _ pairs: [(Double, Double)], _ goal: Goal, _ failure: String?, _ counts: String) -> Row {
        let ratios = pairs.map { $0.0 / max($0.1, 1e-9) }
        return Row(figure: figure, measured: Median.of(pairs.map(\.0)).map(Format.milliseconds) ?? "-",
                   reference: Median.of(pairs.map(\.1)).map { "\(Format.milliseconds($0)) ss (\(counts))" } ?? "-",
                   ratio: failure == nil ? Median.of(ratios) : nil, spread: Median.range(ratios), goal: goal, failure: failure)
    }

    /// Runs `argv` to its end with its output in a pipe (both programs pay for writing it), and
    /// counts the lines it wrote.
    private func run(_ argv: [String]) throws(BenchError) -> (wall: Double, cpu: Double, lines: Int) {
        let child = try ChildProcess(argv, stdout: .pipe, errorLog: "\(tools.workDirectory)/stderr.log")
        guard let fd = child.stdout else { throw BenchError("no output pipe") }
        var lines = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            for byte in chunk[..<n] where byte == UInt8(ascii: "\n") { lines += 1 }
        }
        guard let exit = child.waitExit(timeout: 60) else { throw BenchError("\(argv[0]) did not exit in 60 s") }
        guard exit.succeeded else { throw BenchError("\(argv.joined(separator: " ")): \(exit.summary)") }
        return (exit.end - child.start, exit.cpuSeconds, lines)
    }
}
