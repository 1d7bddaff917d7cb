/// A harness failure with everything needed to see why, such as the last screen captured.
struct HarnessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
