import ArgumentParser

/// `tcpscope listen [HOST:]PORT`: the screen, listening at once.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Open the screen listening on [HOST:]PORT (loopback unless a host is named; 0 picks a port).")

    @Argument(help: ArgumentHelp("8080 (127.0.0.1), 127.0.0.2:8080, [::1]:8080, *:8080 (every interface).", valueName: "[HOST:]PORT"))
    var address: String

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        _ = try Launcher.check("listen \(address)")
    }

    func run() throws {
        try Launcher.runScreen(Self.self, screen, startup: ["listen \(address)"],
                               greeting: "Listening: connections appear as streams. c connects to it too (connect l1).")
    }
}
