import ArgumentParser

/// `tcpscope` (or `tcpscope inspect`): the screen, with nothing open yet.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Open the screen with nothing open yet (the default).")

    @OptionGroup var screen: ScreenOptions

    func run() throws {
        try Launcher.runScreen(Self.self, screen, startup: [],
                               greeting: "Nothing open yet: c connects, l listens, : takes any command, ? shows help.")
    }
}
