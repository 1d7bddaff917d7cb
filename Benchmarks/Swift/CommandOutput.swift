/// Runs a short command to completion and returns its standard output (tmux calls, mostly).
enum CommandOutput {
    /// The command's whole standard output; throws if it fails or outlives `timeout` seconds
    /// (it is then killed).
    static func run(_ argv: [String], timeout: Double = 10, errorLog: String? = nil) throws(BenchError) -> String {
        let child = try ChildProcess(argv, stdout: .pipe, errorLog: errorLog)
        guard let out = child.stdout else { throw BenchError("\(argv.first ?? "?"): no output pipe") }
        let reader = LineReader(out)
        let deadline = MonotonicTime.now() + timeout
        var lines: [String] = []
        // Each pass returns a line or ends (end of output, or the deadline).
        while let line = reader.next(until: deadline) { lines.append(line) }
        guard let exit = child.waitExit(timeout: max(0, deadline - MonotonicTime.now())) else {
            child.kill()
            throw BenchError("\(argv.joined(separator: " ")) did not finish in \(Int(timeout)) s")
        }
        guard exit.succeeded else { throw BenchError("\(argv.joined(separator: " ")): \(exit.summary)") }
        return lines.joined(separator: "\n")
    }
}
