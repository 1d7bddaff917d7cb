import ArgumentParser
import Inspector

/// `tcpscope connect HOST:PORT`: the screen, connecting at once.
struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Open the screen connected to HOST:PORT (every resolved address is tried in turn).")

    @Argument(help: ArgumentHelp("Where to connect: 127.0.0.1:8080, [::1]:8080, localhost:8080.", valueName: "HOST:PORT"))
    var target: String

    @Option(help: ArgumentHelp("Give up connecting after this long (250ms, 2s, 1.5s).", valueName: "DUR"))
    var timeout: String?

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        _ = try Launcher.check(line)
    }

    var line: String {
        timeout.map { "connect \(target) timeout=\($0)" } ?? "connect \(target)"
    }

    func run() throws {
        try Launcher.runScreen(Self.self, screen, startup: [line], greeting: "Connecting to \(target)…")
    }
}
