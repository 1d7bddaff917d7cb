import ArgumentParser
import Inspector

/// `tcpscope demo`: a built-in peer on loopback that talks, and the screen connected to it.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start a built-in peer on loopback (it greets, echoes, ticks, sends a binary frame) and connect to it.")

    @Option(help: ArgumentHelp("How often the demo peer sends a line by itself.", valueName: "DUR"))
    var tick: String = "3s"

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        _ = try Launcher.duration(tick)
    }

    func run() throws {
        let interval = try Launcher.duration(tick)
        let peer: DemoPeer
        do {
            peer = try DemoPeer(tickInterval: interval)
        } catch {
            throw ValidationError("demo: could not start the demo peer: \(error)")
        }
        defer { peer.stop() }
        try Launcher.runScreen(Self.self, screen, startup: ["connect \(peer.address)"], greeting:
            "Demo peer at \(peer.address). p peeks, r reads, s sends (try: send frame\\n), f follows, ? helps.")
    }
}
