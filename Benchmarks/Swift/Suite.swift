/// The whole benchmark suite, in the order it runs, and the tables it prints.
struct Suite {
    struct Settings {
        var bytes: UInt64
        var pairs: Int
        var memoryUnit: UInt64
        var startupRuns: Int
        /// Goal 4: key presses per run, and loaded/idle rounds.
        var keys: Int
        var latencyRounds: Int
        /// Goal 5: frames rendered (and canvases filled) for the median.
        var renderIterations: Int
        /// Goal 6: idle streams and the window.
        var idleStreams: Int
        var idleSeconds: Double
        /// Goal 7: streams open at once on the screen.
        var scaleStreams: Int
        /// Goal 9: loopback sockets held by the helpers, and A B pairs.
        var hostSockets: Int
        var hostRuns: Int
        var skipMemory = false
        /// Runs only the figures whose name contains this text (all when nil).
        var only: String?

        static let full = Settings(bytes: 2 << 30, pairs: 7, memoryUnit: 1 << 30, startupRuns: 11, keys: 100, latencyRounds: 3,
                                   renderIterations: 1000, idleStreams: 100, idleSeconds: 30, scaleStreams: 10_000,
                                   hostSockets: 20_000, hostRuns: 7)
        static let smoke = Settings(bytes: 64 << 20, pairs: 1, memoryUnit: 64 << 20, startupRuns: 3, keys: 15, latencyRounds: 1,
                                    renderIterations: 50, idleStreams: 10, idleSeconds: 2, scaleStreams: 500,
                                    hostSockets: 400, hostRuns: 3)
    }

    let tools: Tools
    let settings: Settings
    let progress: (String) -> Void

    func run() -> String {
        let transfer = Transfer(tools: tools)
        let ledger = Ledger()
        let runner = PairRunner(transfer: transfer, bytes: settings.bytes, pairs: settings.pairs, ledger: ledger, progress: progress)
        var goals: [Row] = []
        var references: [Row] = []

        for comparison in goalComparisons where selected(comparison) {
            progress("\(comparison.cpuFigure) (\(settings.pairs) pairs of \(Format.bytes(comparison.bytes ?? settings.bytes)))")
            let rows = runner.measure(comparison)
            // A goal's CPU row is judged; its throughput row is a reference point. A comparison
            // without a goal (the baseline binary) is a reference point both ways.
            if comparison.goal.isNone { references.append(rows.cpu) } else { goals.append(rows.cpu) }
            references.append(rows.wall)
            if comparison.subject == .tcpscopeScreen { goals.append(frameRateRow(transfer.frames)) }
        }
        if selected(Self.screenIngestFigure), !TmuxSession.installed {
            goals.append(.skipped(Self.screenIngestFigure, goal: Self.screenIngestGoal, "tmux not installed"))
        }
        if selected(LatencyProbe.figurePrefix) {
            progress("\(LatencyProbe.figurePrefix) (\(settings.latencyRounds) rounds of \(settings.keys) keys, loaded and idle)")
            goals += LatencyProbe(tools: tools, keys: settings.keys, rounds: settings.latencyRounds, progress: progress).measure()
        }
        if selected(RenderProbe.figurePrefix) {
            progress("\(RenderProbe.figurePrefix) (\(settings.renderIterations) frames)")
            goals.append(RenderProbe(streams: 10_000, iterations: settings.renderIterations, frameFile: "\(tools.workDirectory)/render-frame.txt",
                                     progress: progress).measure())
        }
        if selected(PresentProbe.figurePrefix) {
            progress("\(PresentProbe.figurePrefix) (a probe in tmux)")
            goals += PresentProbe.measure(tools: tools, streams: 10_000, progress: progress)
        }
        if selected(IdleProbe.figurePrefix) {
            progress("\(IdleProbe.figurePrefix) (\(settings.idleStreams) streams, \(Int(settings.idleSeconds)) s)")
            goals += IdleProbe(tools: tools, streams: settings.idleStreams, seconds: settings.idleSeconds, progress: progress).measure()
        }
        if !settings.skipMemory, selected(MemoryProbe.figurePrefix) {
            progress("7 memory (\(Format.bytes(settings.memoryUnit * 11)) in follow mode)")
            goals.append(MemoryProbe(transfer: transfer, unit: settings.memoryUnit, progress: progress).measure())
        }
        if selected(ScaleProbe.figurePrefix) {
            progress("\(ScaleProbe.figurePrefix) (\(settings.scaleStreams) streams on the screen)")
            goals.append(ScaleProbe(tools: tools, streams: settings.scaleStreams, progress: progress).measure())
        }
        if selected(StartupProbe.figurePrefix) {
            progress("8 start-up (\(settings.startupRuns) pairs)")
            goals += startupRows()
        }
        if selected(FirstFrameProbe.figurePrefix) {
            progress("\(FirstFrameProbe.figurePrefix) (\(settings.startupRuns) pairs)")
            goals += FirstFrameProbe(tools: tools, runs: settings.startupRuns, progress: progress).measure()
        }
        if selected(HostSocketsProbe.figurePrefix) {
            progress("\(HostSocketsProbe.figurePrefix) (\(settings.hostSockets) loopback sockets, \(settings.hostRuns) pairs)")
            goals += HostSocketsProbe(tools: tools, sockets: settings.hostSockets, runs: settings.hostRuns, progress: progress).measure()
        }
        if selected(RelayProbe.figurePrefix) {
            progress("\(RelayProbe.figurePrefix) (\(settings.pairs) rounds of \(Format.bytes(settings.bytes)): tcpscope, the C relay, socat)")
            goals += RelayProbe(tools: tools, bytes: settings.bytes, pairs: settings.pairs, progress: progress).measure()
        }
        if selected(LatencyProbe.relayPrefix) {
            progress("\(LatencyProbe.relayPrefix) (\(settings.latencyRounds) rounds of \(settings.keys) keys, relaying and idle)")
            goals += LatencyProbe(tools: tools, relay: true, keys: settings.keys, rounds: settings.latencyRounds, progress: progress).measure()
        }
        for comparison in referenceComparisons where selected(comparison) {
            progress("\(comparison.wallFigure) (\(settings.pairs) pairs)")
            references.append(runner.measure(comparison).wall)
        }

        var out: [String] = []
        let smoke = settings.bytes < 1 << 30
        if smoke {
            out += ["Smoke run: a check that everything runs. Small transfers, few keys and short windows weigh",
                    "fixed costs heavily, so the goals are judged on the full run only.", ""]
        }
        out += [ResultTable.render("Goals", goals, judged: !smoke), ""]
        out.append(ResultTable.render("Reference points (no goal)", references, measuredHeader: "measured"))
        out.append("")
        out.append(cpuTable(ledger))
        return out.joined(separator: "\n")
    }

    static let screenIngest = PairedComparison(figure: "screen in tmux 200x60, hex on screen / C recv loop", subject: .tcpscopeScreen,
                                               reference: .cRecv, goal: .atMost(1.40), number: "2")
    static var screenIngestFigure: String { screenIngest.cpuFigure }
    static var screenIngestGoal: Goal { screenIngest.goal }

    /// Goal 2's second half: the screen draws at most about sixty frames a second however fast
    /// the bytes come (its frame interval is 16 ms: at most 62.5).
    private func frameRateRow(_ frames: FrameLedger) -> Row {
        let figure = "2 screen redraws while ingesting (busiest second)"
        let goal = Goal.valueAtMost(63, text: "63/s")
        let busiest = frames.logs.map(\.busiestSecond)
        guard let most = busiest.max() else { return .missing(figure, goal: goal, "no frame log") }
        let renders = frames.logs.flatMap { $0.frames.map { Double($0.render) / 1e6 } }
        let presents = frames.logs.flatMap { $0.frames.map { Double($0.present) / 1e6 } }
        return Row(figure: figure, measured: "\(most) frames",
                   reference: "median render \(Format.milliseconds(Median.of(renders) ?? 0)), present \(Format.milliseconds(Median.of(presents) ?? 0))",
                   ratio: nil, goal: goal, value: Double(most))
    }

    /// Exec-to-exit of `--version` and of a run of an empty script, each against /bin/true.
    private func startupRows() -> [Row] {
        let empty = "\(tools.workDirectory)/empty.tcps"
        do {
            try TextFile.write(empty, "")
        } catch {
            return [Row(figure: StartupProbe.figurePrefix, measured: "-", reference: "-", ratio: nil, goal: .none, failure: error.description)]
        }
        let probe = StartupProbe(runs: settings.startupRuns, errorLog: "\(tools.workDirectory)/stderr.log", progress: progress)
        return [
            probe.measure(StartupProbe.figurePrefix + ": tcpscope --version", [tools.tcpscope, "--version"],
                          against: ["/bin/true"], label: "/bin/true"),
            probe.measure(StartupProbe.figurePrefix + ": tcpscope run (empty)", [tools.tcpscope, "run", "-q", empty],
                          against: ["/bin/true"], label: "/bin/true"),
        ]
    }

    private func selected(_ figure: String) -> Bool {
        settings.only.map { figure.contains($0) } ?? true
    }

    private func selected(_ comparison: PairedComparison) -> Bool {
        selected(comparison.cpuFigure) || selected(comparison.wallFigure)
    }

    /// Goals 1 to 3 bound the CPU seconds per GiB of the measured process against a reference
    /// in the same run; each also gives its throughput ratio as a reference point.
    private var goalComparisons: [PairedComparison] {
        var list = [
            PairedComparison(figure: "tcpscope follow / C recv loop", subject: .tcpscopeFollow, reference: .cRecv, goal: .atMost(1.10), number: "1"),
        ]
        if Tools.installed("socat") {
            list.append(PairedComparison(figure: "tcpscope follow / socat", subject: .tcpscopeFollow, reference: .socat, goal: .atMost(0.50), number: "1"))
        }
        // A transcript writes every byte as hex: measured against a C loop doing that much and
        // no more. 1 GiB at most per transfer: the files (twice the bytes) are written to a tmpfs.
        list.append(PairedComparison(figure: "tcpscope follow --transcript / C recv + hex into a file", subject: .tcpscopeTranscript,
                                     reference: .cHex, goal: .atMost(3.0), number: "1", bytes: min(settings.bytes, 1 << 30)))
        if tools.baseline != nil {
            list.append(PairedComparison(figure: "tcpscope follow / baseline binary", subject: .tcpscopeFollow,
                                         reference: .baselineFollow, goal: .none, number: "1"))
        }
        // Following over TLS 1.3 (AES-128-GCM), against an SSL_read loop with the same cipher.
        list.append(PairedComparison(figure: "tcpscope follow over TLS / C SSL_read loop", subject: .tcpscopeFollowTls,
                                     reference: .cSslRead, goal: .atMost(1.20), number: "1"))
        if TmuxSession.installed { list.append(Suite.screenIngest) }
        list.append(PairedComparison(figure: "TcpModel read loop / C recv loop", subject: .tcpModel, reference: .cRecv, goal: .atMost(1.05), number: "3"))
        return list
    }

    private var referenceComparisons: [PairedComparison] {
        let candidates: [Sink] = [.cRingDirect, .cRing, .socat, .ncat, .nc]
        let tools = candidates.filter { $0.externalTool.map(Tools.installed) ?? true }.map { sink in
            PairedComparison(figure: "\(sink.rawValue) / C recv loop", subject: sink, reference: .cRecv, goal: .none)
        }
        // How close follow mode comes to the best a 1 MiB capture ring allows.
        let capture = PairedComparison(figure: "tcpscope follow / C recv into 1 MiB ring", subject: .tcpscopeFollow,
                                       reference: .cRingDirect, goal: .none)
        // The same program on both sides: how far this run's ratios drift from 1 by noise alone.
        let noise = PairedComparison(figure: "C recv loop / C recv loop (noise)", subject: .cRecv, reference: .cRecv, goal: .none)
        return [noise, capture] + tools
    }

    /// CPU the sink process spent per GiB received: how much of the machine each one takes,
    /// a figure the other work on the machine disturbs less than throughput.
    private func cpuTable(_ ledger: Ledger) -> String {
        let rows = Sink.allCases.compactMap { sink -> String? in
            guard let results = ledger.results[sink], !results.isEmpty else { return nil }
            let rate = Median.of(results.map(\.gigabytesPerSecond)) ?? 0
            let cpu = Median.of(results.map(\.cpuSecondsPerGiB)) ?? 0
            return Format.pad(sink.rawValue, 30) + " | " + Format.pad(Format.rate(rate), 10) + " | "
                + Format.pad(Format.fixed(cpu, 3), 9) + " | \(results.count)"
        }
        let header = Format.pad("sink (every run)", 30) + " | " + Format.pad("median", 10) + " | CPU s/GiB | runs"
        return (["Sinks (medians over every run; CPU = sink process user+sys, start-up included)", header] + rows).joined(separator: "\n")
    }
}
