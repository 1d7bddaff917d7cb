import ArgumentParser
import Inspector

/// Options of every subcommand that opens the screen.
struct ScreenOptions: ParsableArguments {
    @OptionGroup var capture: CaptureOptions

    @OptionGroup var recording: RecordingOptions

    @Option(help: ArgumentHelp("Run a script of commands once the screen is up, then go on by hand.", valueName: "FILE"))
    var script: String?

    /// The script is read and checked while the arguments are parsed, so a mistake in it is
    /// refused with the usage line before the screen opens.
    func validate() throws {
        _ = try scriptLines()
    }

    /// The script's command lines, checked.
    func scriptLines() throws -> [String] {
        guard let script else { return [] }
        let text: String
        do {
            text = try TextFile.read(script)
        } catch {
            throw ValidationError("--script: \(error)")
        }
        var lines: [String] = []
        for (number, line) in ScriptRunner.lines(of: text).enumerated() {
            do {
                if try CommandParser.parse(line).command != nil { lines.append(line) }
            } catch {
                throw ValidationError("\(MessageText.fileName(script)):\(number + 1): \(error.message)")
            }
        }
        return lines
    }

    @Option(name: .customLong("latency-log"),
            help: ArgumentHelp("Write key-to-screen latencies (microseconds) to FILE, for benchmarks.", valueName: "FILE"))
    var latencyLog: String?

    @Option(name: .customLong("frame-log"),
            help: ArgumentHelp("Write one line per frame (monotonic time shown, render and present microseconds) to FILE, for benchmarks.",
                               valueName: "FILE"))
    var frameLog: String?
}
