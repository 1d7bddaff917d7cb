/// What a figure must be for its goal to hold: most goals bound the ratio to a reference
/// measured in the same run; a few (latency, render time, idle CPU, memory, start-up) are
/// absolute and bound the measured value itself, the reference then being context.
enum Goal: Sendable {
    case atLeast(Double)
    case atMost(Double)
    /// The measured value (in the row's own unit) must be at most this; `text` says it with
    /// its unit ("2 ms").
    case valueAtMost(Double, text: String)
    /// A figure recorded for later goals.
    case none

    func holds(ratio: Double?, value: Double?) -> Bool? {
        switch self {
        case .atLeast(let bound): ratio.map { $0 >= bound }
        case .atMost(let bound): ratio.map { $0 <= bound }
        case .valueAtMost(let bound, _): value.map { $0 <= bound }
        case .none: nil
        }
    }

    var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    var text: String {
        switch self {
        case .atLeast(let bound): ">= \(Format.ratio(bound))"
        case .atMost(let bound): "<= \(Format.ratio(bound))"
        case .valueAtMost(_, let text): "<= \(text)"
        case .none: "-"
        }
    }
}
