/// Byte ranges of one direction's stream offsets that the Data pane marks (dropped, injected):
/// adjacent ranges are merged, and only the newest `bound` are kept, so a long session costs
/// a bounded list.
public struct MarkedRanges: Sendable, Hashable {
    public private(set) var ranges: [Range<UInt64>] = []
    static let bound = 256

    public init() {}

    /// Marks `range`, merged with the newest range when they touch.
    public mutating func add(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        if let last = ranges.last, last.upperBound == range.lowerBound {
            ranges[ranges.count - 1] = last.lowerBound..<range.upperBound
        } else {
            ranges.append(range)
        }
        if ranges.count > MarkedRanges.bound { ranges.removeFirst(ranges.count - MarkedRanges.bound) }
    }

    /// The ranges that meet `window` (a row of the hexdump): usually none or one.
    public func overlapping(_ window: Range<UInt64>) -> [Range<UInt64>] {
        ranges.filter { $0.overlaps(window) }
    }
}
