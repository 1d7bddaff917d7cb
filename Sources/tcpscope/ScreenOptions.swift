import ArgumentParser

/// Options of every subcommand that opens the screen.
struct ScreenOptions: ParsableArguments {
    @OptionGroup var capture: CaptureOptions

    @OptionGroup var recording: RecordingOptions

    @Option(name: .customLong("latency-log"),
            help: ArgumentHelp("Write key-to-screen latencies (microseconds) to FILE, for benchmarks.", valueName: "FILE"))
    var latencyLog: String?
}
