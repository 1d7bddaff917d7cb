/// Why a benchmark run could not produce a figure. The driver reports it in the table's row
/// instead of stopping the whole suite. It is TestHarness's error, which the shared process and
/// tmux helpers throw.
typealias BenchError = HarnessError
