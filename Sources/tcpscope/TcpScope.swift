import ArgumentParser

@main
struct TcpScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcpscope",
        abstract: "Look inside live TCP connections.",
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckTerminalCommand.self]
    )
}
