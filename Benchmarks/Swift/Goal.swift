/// What a figure's ratio must be for its goal to hold.
enum Goal: Sendable {
    case atLeast(Double)
    case atMost(Double)
    /// A figure recorded for later goals.
    case none

    func holds(_ ratio: Double) -> Bool? {
        switch self {
        case .atLeast(let bound): ratio >= bound
        case .atMost(let bound): ratio <= bound
        case .none: nil
        }
    }

    var text: String {
        switch self {
        case .atLeast(let bound): ">= \(Format.ratio(bound))"
        case .atMost(let bound): "<= \(Format.ratio(bound))"
        case .none: "-"
        }
    }
}
