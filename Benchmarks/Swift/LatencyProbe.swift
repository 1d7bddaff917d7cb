import Glibc

/// Goal 4: key-to-screen latency while a stream receives at full speed. tcpscope's screen in a
/// 200x60 tmux terminal follows a stream from Benchmarks/C/source.c; `d` (Data pane: received
/// or sent) is pressed again and again, each press waiting until its effect is on screen.
///
/// Two clocks: tcpscope's own `--latency-log` (from the key read on the UI thread to the
/// doupdate() that shows it), which the goal judges, and from outside, from `tmux send-keys` to
/// the first `capture-pane` that shows the change (tmux's own work and the polling included:
/// an upper bound). The reference is the same run with the stream idle, its capture full.
///
/// With `relay` (goal 10's key-to-screen), the screen runs `tcpscope relay 0 127.0.0.1:SOURCE`
/// instead, and the C sink connects to it: the keys act on the upstream's stream (s2, which
/// reads what the source sends) while the relay forwards at full speed, every byte captured on
/// both streams.
struct LatencyProbe {
    static let figurePrefix = "4 key-to-screen"
    static let relayPrefix = "10 relay key-to-screen"
    let tools: Tools
    var relay = false
    /// The stream the keys act on and whose byte count gives the ingest rate.
    private var stream: String { relay ? "s2" : "s1" }
    /// Key presses per run.
    let keys: Int
    /// Loaded and idle runs, alternately.
    let rounds: Int
    let progress: (String) -> Void

    private struct Sample {
        var inside: [Double] = []
        var outside: [Double] = []
        var rates: [Double] = []
    }

    func measure() -> [Row] {
        let prefix = relay ? Self.relayPrefix : Self.figurePrefix
        let load = relay ? "relaying at full speed" : "stream at full speed"
        let names = ["\(prefix) median (--latency-log), \(load)",
                     "\(prefix) p99 (--latency-log), \(load)",
                     "\(prefix) median from outside (send-keys to capture-pane)"]
        let goals: [Goal] = [.valueAtMost(16, text: "16 ms"), .valueAtMost(50, text: "50 ms"), .none]
        guard TmuxSession.installed else {
            return zip(names, goals).map { .skipped($0, goal: $1, "tmux not installed") }
        }
        var loaded = Sample(), idle = Sample()
        var failures: [String] = []
        for round in 1...max(1, rounds) {
            for busy in [true, false] {
                do {
                    let s = try run(busy: busy, round: round)
                    if busy {
                        loaded.inside += s.inside; loaded.outside += s.outside; loaded.rates += s.rates
                    } else {
                        idle.inside += s.inside; idle.outside += s.outside
                    }
                } catch {
                    failures.append(error.description)
                    progress("  round \(round) \(busy ? "loaded" : "idle"): FAILED: \(error.description)")
                }
            }
        }
        let failure = failures.first.map { "\(failures.count) run(s) failed, first: \($0)" }
        func row(_ i: Int, _ pick: ([Double]) -> Double?, _ values: (Sample) -> [Double]) -> Row {
            guard let a = pick(values(loaded)), let b = pick(values(idle)) else {
                return .missing(names[i], goal: goals[i], failure ?? "no samples")
            }
            return Row(figure: names[i], measured: Format.milliseconds(a), reference: "\(Format.milliseconds(b)) idle",
                       ratio: a / b, goal: goals[i], value: a * 1000, failure: failure)
        }
        progress("  loaded: \(loaded.inside.count) keys, ingest while typing \(loaded.rates.map { Format.rate($0) }.joined(separator: ", "))")
        return [row(0, Median.of, \.inside), row(1, Self.p99, \.inside), row(2, Median.of, \.outside)]
    }

    static func p99(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
    }

    /// One run of `keys` presses, with the stream busy (an endless send) or idle (1 MiB sent).
    private func run(busy: Bool, round: Int) throws(BenchError) -> Sample {
        let errorLog = "\(tools.workDirectory)/stderr.log"
        let bytes: UInt64 = busy ? 1 << 40 : 1 << 20
        // The source's own limit ends it if the driver does not.
        let source = try ChildProcess([tools.cSource, "--listen", "--bytes", "\(bytes)", "--limit", "300"], stdout: .pipe, errorLog: errorLog)
        defer { source.kill() }
        guard let out = source.stdout, let portText = LineReader(out).fields(after: "port", until: MonotonicTime.now() + 10)?.first,
              let port = UInt16(portText) else { throw BenchError("the source did not say its port") }
        let latencyLog = "\(tools.workDirectory)/latency-\(relay)-\(round)-\(busy).log"
        unlink(latencyLog)
        let terminal: TmuxSession
        var sink: ChildProcess?
        defer { sink?.kill() }
        if relay {
            terminal = try TmuxSession([tools.tcpscope, "relay", "0", "127.0.0.1:\(port)", "--latency-log", latencyLog],
                                       width: 200, height: 60, tag: "latency", workDirectory: tools.workDirectory, errorLog: errorLog)
            let marker = "listening on 127.0.0.1:"
            guard let screen = terminal.waitForScreen(timeout: 20, { $0.contains(marker) }),
                  let line = screen.split(separator: "\n").first(where: { $0.contains(marker) }),
                  let after = line.firstRange(of: marker)?.upperBound,
                  case let portText = line[after...].prefix(while: { $0.isNumber }),
                  let relayPort = UInt16(portText) else {
                terminal.close()
                throw BenchError("the relay never said its port (\(terminal.programEnd() ?? "still running"))")
            }
            sink = try ChildProcess([tools.cSink, "--connect", "127.0.0.1:\(relayPort)", "--limit", "300"], stdout: .pipe, errorLog: errorLog)
            try terminal.sendKeys([":"])
            try terminal.sendKeys(["select \(stream)", "Enter"])
            guard terminal.waitForScreen(timeout: 20, { $0.contains("Data \(stream) received") }) != nil else {
                terminal.close()
                throw BenchError("the relayed pair never showed (\(terminal.programEnd() ?? "still running"))")
            }
        } else {
            let script = "\(tools.workDirectory)/latency.tcps"
            try TextFile.write(script, "follow on\n")
            terminal = try TmuxSession([tools.tcpscope, "connect", "127.0.0.1:\(port)", "--script", script, "--latency-log", latencyLog],
                                       width: 200, height: 60, tag: "latency", workDirectory: tools.workDirectory, errorLog: errorLog)
            guard terminal.waitForScreen(timeout: 20, { $0.contains("follow is on") }) != nil else {
                terminal.close()
                throw BenchError("the screen never showed follow on (\(terminal.programEnd() ?? "still running"))")
            }
        }
        defer { terminal.close() }
        TmuxSession.sleep(0.5)
        var sample = Sample()
        let before = try readTotal(terminal)
        var shownSent = false
        for i in 0..<max(1, keys) {
            let start = MonotonicTime.now()
            try terminal.sendKeys(["d"])
            shownSent.toggle()
            let wanted = shownSent ? "Data \(stream) sent" : "Data \(stream) received"
            guard terminal.waitForScreen(timeout: 5, interval: 0, { $0.contains(wanted) }) != nil else {
                throw BenchError("key \(i + 1): the screen never showed \(wanted)")
            }
            sample.outside.append(MonotonicTime.now() - start)
            // Keys come at a person's pace, never in step with the frames.
            TmuxSession.sleep(0.02 + Double(i * 7919 % 40) / 1000)
        }
        // Only the measured presses: the one below, back to the received view, is not.
        sample.inside = TextFile.read(latencyLog, limit: 1 << 20).split(separator: "\n").prefix(keys).compactMap { Double($0) }.map { $0 / 1e6 }
        if busy {
            if shownSent { try terminal.sendKeys(["d"]) }
            if let after = try? readTotal(terminal, wait: true), after.0 > before.0 {
                sample.rates.append(Double(after.0 - before.0) / (after.1 - before.1) / 1e9)
            }
        }
        guard sample.inside.count >= keys else {
            throw BenchError("the latency log has \(sample.inside.count) of \(keys) keys")
        }
        progress("  round \(round) \(busy ? "loaded" : "idle"): latency log median \(Format.milliseconds(Median.of(sample.inside) ?? 0)), "
                 + "p99 \(Format.milliseconds(Self.p99(sample.inside) ?? 0)); outside median \(Format.milliseconds(Median.of(sample.outside) ?? 0))")
        return sample
    }

    /// Bytes read so far on the stream, from the Data pane's title, with the time it was seen.
    private func readTotal(_ terminal: TmuxSession, wait: Bool = false) throws(BenchError) -> (UInt64, Double) {
        let deadline = MonotonicTime.now() + (wait ? 5 : 0)
        // Bounded by the deadline (one pass when not waiting).
        repeat {
            let screen = try terminal.capture()
            let seen = MonotonicTime.now()
            let marker = "Data \(stream) received: read "
            if let line = screen.split(separator: "\n").first(where: { $0.contains(marker) }),
               let rest = line.split(separator: ":", maxSplits: 1).last?.dropFirst(" read ".count) {
                let digits = rest.prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
                if let n = UInt64(digits) { return (n, seen) }
            }
        } while MonotonicTime.now() < deadline
        throw BenchError("the Data pane's title shows no byte count")
    }
}
