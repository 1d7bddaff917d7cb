/// Why a benchmark run could not produce a figure. The driver reports it in the table's row
/// instead of stopping the whole suite.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
