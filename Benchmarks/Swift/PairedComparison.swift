/// A throughput figure: `subject` against `reference`, run alternately A B A B so that both
/// see the same machine (two cores, shared with other work), and judged by the median of the
/// per-pair ratios.
struct PairedComparison: Sendable {
    var figure: String
    var subject: Sink
    var reference: Sink
    var goal: Goal
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

    func measure(_ comparison: PairedComparison) -> Row {
        var subjectRates: [Double] = []
        var referenceRates: [Double] = []
        var ratios: [Double] = []
        var failures: [String] = []
        for pair in 1...max(1, pairs) {
            guard let a = once(comparison.subject, pair: pair, failures: &failures),
                  let b = once(comparison.reference, pair: pair, failures: &failures) else { continue }
            subjectRates.append(a.gigabytesPerSecond)
            referenceRates.append(b.gigabytesPerSecond)
            // Same bytes both ways: the throughput ratio is the inverse ratio of the times.
            ratios.append(b.seconds / a.seconds)
        }
        let failure = failures.isEmpty ? nil
            : "\(failures.count) run(s) failed, first: \(failures[0])" + (ratios.isEmpty ? "" : " (median of \(ratios.count) pairs)")
        return Row(
            figure: comparison.figure,
            measured: Median.of(subjectRates).map(Format.rate) ?? "-",
            reference: Median.of(referenceRates).map { "\(Format.rate($0)) \(comparison.reference.rawValue)" } ?? "-",
            ratio: Median.of(ratios),
            spread: Median.range(ratios),
            goal: comparison.goal,
            failure: ratios.isEmpty ? (failure ?? "no pair completed") : failure)
    }

    private func once(_ sink: Sink, pair: Int, failures: inout [String]) -> Transfer.Result? {
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
