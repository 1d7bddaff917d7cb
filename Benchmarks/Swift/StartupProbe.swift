/// Goal 8, first figure: exec-to-exit time of a command, against a reference command timed
/// alternately with it (the cost of exec itself on this machine).
struct StartupProbe {
    static let figurePrefix = "8 start-up"
    let runs: Int
    let errorLog: String
    let progress: (String) -> Void

    func measure(_ figure: String, _ argv: [String], against reference: [String], label: String) -> Row {
        var subject: [Double] = []
        var base: [Double] = []
        var ratios: [Double] = []
        var failure: String?
        for _ in 0..<max(1, runs) {
            do {
                let a = try time(argv)
                let b = try time(reference)
                subject.append(a)
                base.append(b)
                ratios.append(a / b)
            } catch {
                failure = failure ?? error.description
            }
        }
        progress("  \(figure): \(subject.map { Format.milliseconds($0) }.joined(separator: " "))")
        return Row(figure: figure, measured: Median.of(subject).map(Format.milliseconds) ?? "-",
                   reference: Median.of(base).map { "\(Format.milliseconds($0)) \(label)" } ?? "-",
                   ratio: Median.of(ratios), spread: Median.range(ratios), goal: .none, failure: ratios.isEmpty ? (failure ?? "no run") : nil)
    }

    func time(_ argv: [String]) throws(BenchError) -> Double {
        let child = try ChildProcess(argv, stdout: .null, errorLog: errorLog)
        guard let exit = child.waitExit(timeout: 10) else { throw BenchError("\(argv.joined(separator: " ")) did not exit in 10 s") }
        guard exit.succeeded else { throw BenchError("\(argv.joined(separator: " ")): \(exit.summary)") }
        return exit.end - child.start
    }
}
