/// The last few refreshes' values of one column for one row of the Host view, oldest first:
/// what its sparkline draws. Held inline (no allocation), because every row of a table of tens
/// of thousands carries one.
public struct SampleStrip: Sendable {
    /// Samples kept: eight seconds at one refresh a second.
    public static let capacity = 8
    private var samples = InlineArray<8, Float>(repeating: 0)
    public private(set) var count = 0

    public init() {}

    /// Adds the newest sample, dropping the oldest once full.
    public mutating func append(_ value: Float) {
        if count == Self.capacity {
            for i in 1..<Self.capacity { samples[i - 1] = samples[i] }
            samples[Self.capacity - 1] = value
        } else {
            samples[count] = value
            count += 1
        }
    }

    /// The samples, oldest first.
    public var values: [Double] {
        (0..<count).map { Double(samples[$0]) }
    }
}
