import ArgumentParser
import Inspector

/// `tcpscope connect HOST:PORT` (or `tls://HOST:PORT` with TLS words after it): the screen,
/// connecting at once.
struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Open the screen connected to HOST:PORT (every resolved address is tried in turn).",
        discussion: "tls://HOST:PORT adds a TLS handshake, verified against the system's CAs (or ca=FILE) and the host "
            + "(or sni=NAME); insecure turns verification off; cert=FILE key=FILE present a client certificate when the server "
            + "asks (both loaded, and checked to match, before connecting). SSLKEYLOGFILE, when set, gets the session keys.")

    @Argument(help: ArgumentHelp("Where to connect: 127.0.0.1:8080, [::1]:8080, localhost:8080, tls://example.com:443.",
                                 valueName: "HOST:PORT"))
    var target: String

    @Argument(help: ArgumentHelp("For tls://: ca=FILE, insecure, sni=NAME, alpn=LIST, cert=FILE key=FILE (as the connect command takes them).",
                                 valueName: "TLS-OPTION"))
    var tlsOptions: [String] = []

    @Option(help: ArgumentHelp("Give up connecting after this long (250ms, 2s, 1.5s).", valueName: "DUR"))
    var timeout: String?

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        _ = try Launcher.check(line)
    }

    var line: String {
        let words = ([target] + tlsOptions).joined(separator: " ")
        return timeout.map { "connect \(words) timeout=\($0)" } ?? "connect \(words)"
    }

    func run() throws {
        try Launcher.runScreen(Self.self, screen, startup: [line], greeting: "Connecting to \(target)…")
    }
}
