/// A comparison of two sinks, run alternately A B A B so that both see the same machine (two
/// cores, shared with other work), and judged by the median of the per-pair ratios.
///
/// The pairs give two figures: the CPU seconds per GiB of the subject's process over the
/// reference's, median over median (what the goals judge: on loopback every sink is about as
/// fast as the sender, so throughput alone cannot tell them apart), and the median of the
/// per-pair throughput ratios (a reference point).
struct PairedComparison: Sendable {
    /// What is compared, "subject / reference"; the rows add "CPU/GiB" or "wall".
    var figure: String
    var subject: Sink
    var reference: Sink
    /// The goal for the CPU ratio (subject over reference: lower is better).
    var goal: Goal
    /// The goal's number in the table ("1", "2"...), nil for a reference point.
    var number: String? = nil
    /// Bytes per transfer, when not the run's usual size.
    var bytes: UInt64? = nil

    var cpuFigure: String { (number.map { "\($0) " } ?? "") + "CPU/GiB: \(figure)" }
    var wallFigure: String { (number.map { "\($0) " } ?? "") + "wall: \(figure)" }
}

/// Every transfer that ran, by sink, for the CPU-cost table.
final class Ledger {
    private(set) var results: [Sink: [Transfer.Result]] = [:]

    func add(_ result: Transfer.Result, for sink: Sink) {
        results[sink, default: []].append(result)
    }
}

/// Runs comparisons at one transfer size and pair count.
struct PairRunner {
    let transfer: Transfer
    let bytes: UInt64
    let pairs: Int
    let ledger: Ledger
    let progress: (String) -> Void

    /// The CPU row (judged by the comparison's goal) and the throughput row (no goal).
    func measure(_ comparison: PairedComparison) -> (cpu: Row, wall: Row) {
        var subject: [Transfer.Result] = []
        var reference: [Transfer.Result] = []
        var wallRatios: [Double] = []
        var cpuRatios: [Double] = []
        var failures: [String] = []
        let bytes = comparison.bytes ?? bytes
        for pair in 1...max(1, pairs) {
            guard let a = once(comparison.subject, bytes: bytes, pair: pair, failures: &failures),
                  let b = once(comparison.reference, bytes: bytes, pair: pair, failures: &failures) else { continue }
            subject.append(a)
            reference.append(b)
            // Same bytes both ways: the throughput ratio is the inverse ratio of the times.
            wallRatios.append(b.seconds / a.seconds)
            if b.sinkCPUSeconds > 0 { cpuRatios.append(a.sinkCPUSeconds / b.sinkCPUSeconds) }
        }
        let failure = failures.isEmpty ? nil
            : "\(failures.count) run(s) failed, first: \(failures[0])" + (wallRatios.isEmpty ? "" : " (median of \(wallRatios.count) pairs)")
        let name = comparison.reference.rawValue
        // The CPU ratio is the ratio of the two medians (as the CPU table reads): one run's CPU
        // time can double when the machine's other work lands on its core, and a median per
        // sink sets such runs aside where a ratio per pair would carry them. The pair ratios
        // still give the spread.
        let subjectCPU = Median.of(subject.map(\.cpuSecondsPerGiB))
        let referenceCPU = Median.of(reference.map(\.cpuSecondsPerGiB))
        let cpuRatio = subjectCPU.flatMap { s in referenceCPU.flatMap { $0 > 0 ? s / $0 : nil } }
        let wall = Row(
            figure: comparison.wallFigure,
            measured: Median.of(subject.map(\.gigabytesPerSecond)).map(Format.rate) ?? "-",
            reference: Median.of(reference.map(\.gigabytesPerSecond)).map { "\(Format.rate($0)) \(name)" } ?? "-",
            ratio: Median.of(wallRatios),
            spread: Median.range(wallRatios),
            goal: .none,
            failure: wallRatios.isEmpty ? (failure ?? "no pair completed") : failure)
        let cpu = Row(
            figure: comparison.cpuFigure,
            measured: subjectCPU.map { "\(Format.fixed($0, 3)) s/GiB" } ?? "-",
            reference: referenceCPU.map { "\(Format.fixed($0, 3)) s/GiB \(name)" } ?? "-",
            ratio: cpuRatio,
            spread: Median.range(cpuRatios),
            goal: comparison.goal,
            failure: cpuRatios.isEmpty ? (failure ?? "no pair completed") : failure)
        return (cpu, wall)
    }

    private func once(_ sink: Sink, bytes: UInt64, pair: Int, failures: inout [String]) -> Transfer.Result? {
        do {
            let result = try transfer.run(sink, bytes: bytes)
            ledger.add(result, for: sink)
            progress("  pair \(pair): \(sink.rawValue): \(Format.rate(result.gigabytesPerSecond)), "
                     + "\(Format.fixed(result.cpuSecondsPerGiB, 3)) CPU s/GiB")
            return result
        } catch {
            failures.append(error.description)
            progress("  pair \(pair): \(sink.rawValue): FAILED: \(error.description)")
            return nil
        }
    }
}
