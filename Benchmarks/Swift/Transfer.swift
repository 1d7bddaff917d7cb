import Glibc

/// One measured transfer: Benchmarks/C/source.c listens on loopback and sends `bytes`; a sink
/// connects and consumes them. The source times it, from the connection to the sink's close,
/// so every sink is measured by the same clock and the same definition of "done".
struct Transfer {
    struct Result: Sendable {
        var bytes: UInt64
        var seconds: Double
        /// CPU seconds the sink process used (all threads), start-up included.
        var sinkCPUSeconds: Double

        var gigabytesPerSecond: Double { Double(bytes) / seconds / 1e9 }
        var cpuSecondsPerGiB: Double { sinkCPUSeconds / (Double(bytes) / Double(1 << 30)) }
    }

    let tools: Tools
    /// Frame logs of the screen sink's runs.
    let frames = FrameLedger()

    /// Sends `bytes` into `sink`. With `mark`, `observe` is called with the sink's pid each
    /// time the source has sent another `mark` bytes, while the transfer runs.
    func run(_ sink: Sink, bytes: UInt64, mark: UInt64? = nil,
             observe: ((UInt64, pid_t) -> Void)? = nil) throws(BenchError) -> Result {
        // Generous: a run slower than 50 MB/s is broken, not slow.
        let limit = 30 + Int(bytes / 50_000_000)
        var sourceArgs = [tools.cSource, "--listen", "--bytes", "\(bytes)", "--limit", "\(limit)"]
        if let mark { sourceArgs += ["--mark", "\(mark)"] }
        if sink.needsTls { sourceArgs.append("--tls") }
        let errorLog = "\(tools.workDirectory)/stderr.log"
        let source = try ChildProcess(sourceArgs, stdout: .pipe, errorLog: errorLog)
        guard let out = source.stdout else { throw BenchError("source has no output pipe") }
        let lines = LineReader(out)
        guard let portText = lines.fields(after: "port", until: MonotonicTime.now() + 10)?.first,
              let port = UInt16(portText) else {
            throw BenchError("the source did not say its port")
        }
        let receiver = try start(sink, port: port, errorLog: errorLog)
        defer { receiver.abort() }
        // Written at gigabytes a run: removed after each one.
        defer { if let file = sink.outputFile(port: port, tools: tools) { unlink(file) } }
        var deadline = MonotonicTime.now() + Double(limit)
        var report: [Substring]?
        // Each pass reads a line (a mark or the final report) or waits half a second at most;
        // the deadline bounds the loop. A sink that exits early leaves the source waiting in
        // vain, so it cuts the wait to a short grace for the source's last words.
        while report == nil, !lines.finished, MonotonicTime.now() < deadline {
            guard let line = lines.next(until: min(deadline, MonotonicTime.now() + 0.5)) else {
                if receiver.endedEarly() != nil { deadline = min(deadline, MonotonicTime.now() + 2) }
                continue
            }
            let words = line.split(separator: " ")
            if words.first == "mark", words.count == 2, let sent = UInt64(words[1]) {
                observe?(sent, receiver.pid)
            } else if words.first == "bytes" {
                report = words
            }
        }
        let sinkEnd = report == nil ? nil : receiver.finish(timeout: 30)
        let sourceExit = source.waitExit(timeout: report == nil ? 0 : 10)
        // "bytes N seconds S"
        guard let report, report.count >= 4, let sent = UInt64(report[1]), let seconds = Double(report[3]) else {
            let why = receiver.endedEarly().map { "the sink ended first (\($0))" } ?? "source \(sourceExit?.summary ?? "timed out")"
            receiver.abort()
            throw BenchError("\(sink.rawValue): no result from the source: \(why); stderr: \(tail(errorLog))")
        }
        guard let sinkEnd, sinkEnd.succeeded else {
            let why = sinkEnd?.summary ?? "still running after the source finished"
            throw BenchError("\(sink.rawValue): \(why); stderr: \(tail(errorLog))")
        }
        guard sent == bytes, seconds > 0 else { throw BenchError("\(sink.rawValue): the source sent \(sent) of \(bytes) bytes") }
        return Result(bytes: sent, seconds: seconds, sinkCPUSeconds: sinkEnd.cpuSeconds)
    }

    /// Starts `sink` against the source listening on `port`.
    private func start(_ sink: Sink, port: UInt16, errorLog: String) throws(BenchError) -> RunningSink {
        let argv = try sink.argv(port: port, tools: tools)
        guard sink == .tcpscopeScreen else { return try ProcessSink(argv, errorLog: errorLog) }
        guard TmuxSession.installed else { throw BenchError("tmux is not installed") }
        return try ScreenSink(argv, frameLog: "\(tools.workDirectory)/frames-\(port).log", frames: frames, tools: tools,
                              errorLog: errorLog)
    }

    /// The last lines the programs wrote to standard error, for a failure's message.
    private func tail(_ errorLog: String) -> String {
        TextFile.read(errorLog, limit: 400).split(separator: "\n").suffix(3).joined(separator: " | ")
    }
}
