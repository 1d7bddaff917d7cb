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

    func configuration() throws -> SessionConfiguration {
        var config = SessionConfiguration()
        do {
            if let captureBound { config.captureBound = try ByteCountText.parse(captureBound, range: 1...(1 << 34)) }
            if let peekWindow { config.peekWindow = try ByteCountText.parse(peekWindow, range: 1...(1 << 24)) }
        } catch {
            throw ValidationError("\(error.message)")
        }
        return config
    }
}
