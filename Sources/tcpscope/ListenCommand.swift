import ArgumentParser

/// `tcpscope listen [HOST:]PORT` (or `tls:[HOST:]PORT cert=FILE key=FILE [ca=FILE]`): the
/// screen, listening at once.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Open the screen listening on [HOST:]PORT (loopback unless a host is named; 0 picks a port).",
        discussion: "tls:[HOST:]PORT cert=FILE key=FILE runs a TLS server handshake on each connection; ca=FILE asks "
            + "clients for a certificate its CAs signed.")

    @Argument(help: ArgumentHelp("8080 (127.0.0.1), 127.0.0.2:8080, [::1]:8080, *:8080 (every interface), tls:8443.",
                                 valueName: "[HOST:]PORT"))
    var address: String

    @Argument(help: ArgumentHelp("For tls:: cert=FILE key=FILE [ca=FILE] (as the listen command takes them).",
                                 valueName: "TLS-OPTION"))
    var tlsOptions: [String] = []

    private var line: String { (["listen", address] + tlsOptions).joined(separator: " ") }

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        _ = try Launcher.check(line)
    }

    func run() throws {
        try Launcher.runScreen(Self.self, screen, startup: [line],
                               greeting: "Listening: connections appear as streams. c connects to it too (connect l1).")
    }
}
