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
    /// The measured value an absolute goal (`.valueAtMost`) judges, in that goal's unit.
    var value: Double? = nil
    /// Why the figure is missing, when it is.
    var failure: String?
    /// Why the figure was not measured on purpose (a tool not installed): judged neither way.
    var skipped: String? = nil

    var holds: String {
        if skipped != nil { return "skipped" }
        if failure != nil, ratio == nil, value == nil { return goal.isNone ? "-" : "no (failed)" }
        switch goal.holds(ratio: ratio, value: value) {
        case true?: return "yes"
        case false?: return "no"
        case nil: return goal.isNone ? "-" : "no (failed)"
        }
    }

    /// A row that could not be measured at all (a missing tool, a failed setup).
    static func missing(_ figure: String, goal: Goal, _ why: String) -> Row {
        Row(figure: figure, measured: "-", reference: "-", ratio: nil, goal: goal, failure: why)
    }

    /// A row skipped on purpose, e.g. because tmux is not installed: it says so and judges nothing.
    static func skipped(_ figure: String, goal: Goal, _ why: String) -> Row {
        Row(figure: figure, measured: "(\(why))", reference: "-", ratio: nil, goal: goal, failure: nil, skipped: why)
    }
}

/// Prints rows as an aligned text table.
enum ResultTable {
    /// With `judged` false (a smoke run, whose sizes are noise) the goals are shown but not
    /// judged: the holds column says "not judged".
    static func render(_ title: String, _ rows: [Row], measuredHeader: String = "tcpscope", judged: Bool = true) -> String {
        let header = ["figure", measuredHeader, "reference", "ratio", "goal", "holds", "pair ratios"]
        let cells = rows.map { row in
            [row.figure, row.measured, row.reference, row.ratio.map(Format.ratio) ?? "-", row.goal.text,
             judged || row.goal.isNone || row.skipped != nil ? row.holds : "not judged",
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
