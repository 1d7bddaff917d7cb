import Glibc

/// `Benchmarks run ...`: the benchmark driver (scripts/bench builds and calls it).
/// `Benchmarks tcpmodel-sink --connect ADDR`: the TcpModel read-loop sink it measures.
/// `Benchmarks present-probe --out FILE`: goal 5's byte count, run by the driver in tmux.
/// `Benchmarks exec-stamp FILE PROGRAM ARGS...`: notes the time, then execs PROGRAM (goal 8).
@main
enum BenchmarkMain {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let command = arguments.isEmpty ? "" : arguments.removeFirst()
        do {
            switch command {
            case "tcpmodel-sink":
                let options = try Options(arguments)
                guard let address = options.values["--connect"] else { throw BenchError("tcpmodel-sink needs --connect HOST:PORT") }
                exit(try TcpModelSink.run(address: address, limitSeconds: UInt32(options.values["--limit"] ?? "") ?? 300))
            case "present-probe":
                let options = try Options(arguments)
                guard let out = options.values["--out"] else { throw BenchError("present-probe needs --out FILE") }
                exit(try PresentProbe.runInTerminal(out: out, streams: Int(options.values["--streams"] ?? "") ?? 10_000))
            case "exec-stamp":
                try ExecStamp.run(arguments)
            case "run":
                let options = try Options(arguments)
                try runSuite(options)
            default:
                throw BenchError(usage)
            }
        } catch {
            StandardError.write("Benchmarks: \(error)\n")
            exit(2)
        }
    }

    static let usage = """
        usage: Benchmarks run --tcpscope PATH --c-bin DIR --work DIR [--smoke] [--pairs N] [--bytes N] [--no-memory]
                              [--files DIR]  (where transcripts and hex files are written; default --work)
                              [--only TEXT]  (only the figures whose name contains TEXT)
                              [--baseline PATH]  (also compare with another tcpscope binary)
               Benchmarks tcpmodel-sink --connect HOST:PORT [--limit SECONDS]
               Benchmarks present-probe --out FILE [--streams N]   (inside a terminal)
               Benchmarks exec-stamp FILE PROGRAM [ARGS...]
        """

    private static func runSuite(_ options: Options) throws {
        guard let tcpscope = options.values["--tcpscope"], let cBin = options.values["--c-bin"],
              let work = options.values["--work"] else { throw BenchError(usage) }
        var settings: Suite.Settings = options.flags.contains("--smoke") ? .smoke : .full
        if let pairs = options.values["--pairs"] {
            guard let n = Int(pairs), (1...100).contains(n) else { throw BenchError("--pairs takes 1...100") }
            settings.pairs = n
        }
        if let bytes = options.values["--bytes"] {
            guard let n = UInt64(bytes), n > 0 else { throw BenchError("--bytes takes a positive count") }
            settings.bytes = n
        }
        settings.skipMemory = options.flags.contains("--no-memory")
        settings.only = options.values["--only"]
        let tools = Tools(tcpscope: tcpscope, baseline: options.values["--baseline"], benchmarks: Tools.ownPath(), cSink: "\(cBin)/sink",
                          cSource: "\(cBin)/source", cRelay: "\(cBin)/relay", workDirectory: work, fileDirectory: options.values["--files"] ?? work)
        let suite = Suite(tools: tools, settings: settings) { line in
            StandardError.write(line + "\n")
        }
        print(suite.run())
    }
}

/// `--name value` pairs and bare `--flag`s.
struct Options {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    static let bareFlags: Set<String> = ["--smoke", "--no-memory"]

    init(_ arguments: [String]) throws(BenchError) {
        var rest = arguments[...]
        // Each pass consumes one or two arguments.
        while let name = rest.popFirst() {
            if Options.bareFlags.contains(name) {
                flags.insert(name)
            } else if name.hasPrefix("--"), let value = rest.popFirst() {
                values[name] = value
            } else {
                throw BenchError("unexpected argument \(name)\n\(BenchmarkMain.usage)")
            }
        }
    }
}
