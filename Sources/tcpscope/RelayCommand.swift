import ArgumentParser

/// `tcpscope relay [HOST:]LISTEN UPSTREAM`: the screen, relaying at once.
struct RelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Open the screen relaying: listen on [HOST:]LISTEN (loopback unless a host is named) and join each client with a new stream to UPSTREAM.")

    @Argument(help: ArgumentHelp("8080 (127.0.0.1), 127.0.0.2:8080, [::1]:8080, *:8080 (every interface).", valueName: "[HOST:]LISTEN"))
    var address: String

    @Argument(help: ArgumentHelp("Where each client's partner stream connects: 127.0.0.1:80, example.com:443.", valueName: "UPSTREAM"))
    var upstream: String

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        _ = try Launcher.check("relay \(address) \(upstream)")
    }

    func run() throws {
        try Launcher.runScreen(Self.self, screen, startup: ["relay \(address) \(upstream)"],
                               greeting: "Relaying: each client and its upstream appear as a joined pair (cl:/up:). hold on stops a direction.")
    }
}
