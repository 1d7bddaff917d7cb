/// One line of the results table: a figure for tcpscope, the reference it is measured
/// against in the same run, their ratio (the median of the per-pair ratios) and the goal.
struct Row: Sendable {
    var figure: String
    var measured: String
    var reference: String
    var ratio: Double?
    /// The lowest and highest per-pair ratio: how much this run's noise moved it.
    var spread: ClosedRange<Double>? = nil
    var goal: Goal
    /// Why the figure is missing, when it is.
    var failure: String?

    var holds: String {
        guard failure == nil, let ratio else { return goal.holds(1) == nil ? "-" : "no (failed)" }
        switch goal.holds(ratio) {
        case true?: return "yes"
        case false?: return "no"
        case nil: return "-"
        }
    }
}

/// Prints rows as an aligned text table.
enum ResultTable {
    static func render(_ title: String, _ rows: [Row], measuredHeader: String = "tcpscope") -> String {
        let header = ["figure", measuredHeader, "reference", "ratio", "goal", "holds", "pair ratios"]
        let cells = rows.map { row in
            [row.figure, row.measured, row.reference, row.ratio.map(Format.ratio) ?? "-", row.goal.text, row.holds,
             row.spread.map { "\(Format.ratio($0.lowerBound))..\(Format.ratio($0.upperBound))" } ?? "-"]
        }
        let widths = header.indices.map { column in
            ([header] + cells).map { $0[column].count }.max() ?? 0
        }
        func line(_ values: [String]) -> String {
            values.indices.map { Format.pad(values[$0], widths[$0]) }.joined(separator: " | ")
        }
        var out = [title, line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-")]
        out += cells.map(line)
        out += rows.compactMap { row in row.failure.map { "  \(row.figure): \($0)" } }
        return out.joined(separator: "\n")
    }
}
