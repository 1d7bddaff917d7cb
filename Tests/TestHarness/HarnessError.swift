/// A harness failure with everything needed to see why, such as the last screen captured.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
