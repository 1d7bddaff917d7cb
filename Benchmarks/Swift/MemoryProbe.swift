import Glibc

/// Goal 7 (headless part): a follow-mode stream that has received ten times more keeps the
/// same resident memory, because the capture ring is bounded. The source sends eleven units,
/// marking each; tcpscope's VmRSS is sampled at every mark while the bytes still flow.
struct MemoryProbe {
    static let figurePrefix = "7 RSS"
    let transfer: Transfer
    /// 1 GiB in the full run.
    let unit: UInt64
    let progress: (String) -> Void

    func measure() -> Row {
        var samples: [UInt64: Double] = [:]
        let figure = "\(MemoryProbe.figurePrefix) after \(Format.bytes(unit * 10)) / after \(Format.bytes(unit)) (follow)"
        do {
            let result = try transfer.run(.tcpscopeFollow, bytes: unit * 11, mark: unit) { sent, pid in
                if let kib = ProcessStats.residentKiB(pid) { samples[sent / unit] = kib }
            }
            progress("  memory: \(Format.rate(result.gigabytesPerSecond)); VmRSS by units of \(Format.bytes(unit)) sent: "
                     + samples.sorted { $0.key < $1.key }.map { "\($0.key):\(Format.mebibytes($0.value))" }.joined(separator: " "))
        } catch {
            return Row(figure: figure, measured: "-", reference: "-", ratio: nil, goal: .atMost(1.05), failure: error.description)
        }
        guard let early = samples[1], let late = samples[10], early > 0 else {
            return Row(figure: figure, measured: "-", reference: "-", ratio: nil, goal: .atMost(1.05),
                       failure: "missing samples (had \(samples.keys.sorted()))")
        }
        return Row(figure: figure, measured: Format.mebibytes(late), reference: Format.mebibytes(early) + " after \(Format.bytes(unit))",
                   ratio: late / early, goal: .atMost(1.05))
    }
}
