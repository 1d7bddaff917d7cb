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

    /// Checked while the arguments are parsed, so a bad size is refused with the subcommand's
    /// usage line before anything opens.
    func validate() throws {
        _ = try configuration()
    }

    func configuration() throws -> SessionConfiguration {
        var config = SessionConfiguration()
        if let captureBound { config.captureBound = try Self.size(captureBound, "--capture-bound", range: 1...(1 << 34)) }
        if let peekWindow { config.peekWindow = try Self.size(peekWindow, "--peek-window", range: 1...(1 << 24)) }
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
