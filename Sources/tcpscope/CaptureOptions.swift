import ArgumentParser
import Inspector

/// Options every subcommand that opens a session shares.
struct CaptureOptions: ParsableArguments {
    @Option(name: .customLong("capture-bound"),
            help: ArgumentHelp("Bytes kept per stream and direction; older bytes are dropped and counted (default 1MiB).", valueName: "SIZE"))
    var captureBound: String?

    @Option(name: .customLong("peek-window"),
            help: ArgumentHelp("Bytes of the kernel's receive queue shown as peeked (default 4KiB).", valueName: "SIZE"))
    var peekWindow: String?

    @Option(name: .customLong("keep-closed"),
            help: ArgumentHelp("Closed streams kept listed with their captures before the oldest is forgotten (default 100; 0 keeps none).", valueName: "N"))
    var keepClosed: Int?

    /// Checked while the arguments are parsed, so a bad size is refused with the subcommand's
    /// usage line before anything opens.
    func validate() throws {
        _ = try configuration()
    }

    func configuration() throws -> SessionConfiguration {
        var config = SessionConfiguration()
        if let captureBound { config.captureBound = try Self.size(captureBound, "--capture-bound", range: 1...(1 << 34)) }
        if let peekWindow { config.peekWindow = try Self.size(peekWindow, "--peek-window", range: 1...(1 << 24)) }
        if let keepClosed {
            guard (0...100_000).contains(keepClosed) else {
                throw ValidationError("--keep-closed: \(keepClosed) is out of range (expected 0 to 100000)")
            }
            config.closedStreamsKept = keepClosed
        }
        return config
    }

    private static func size(_ text: String, _ option: String, range: ClosedRange<Int>) throws -> Int {
        do {
            return try ByteCountText.parse(text, range: range)
        } catch {
            throw ValidationError("\(option): \(error.message)")
        }
    }
}
