import ArgumentParser

@main
struct TcpScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcpscope",
        abstract: "Look inside live TCP connections.",
        discussion: """
            Opens streams (connect out, or listen and accept), shows and sets their socket options \
            as the kernel reports them, and shows their bytes: what is still waiting in the kernel \
            (peeked, not consumed) beside what has been read, and what was sent. With no \
            subcommand it opens the screen with nothing open yet.
            """,
        version: "0.1.0",
        subcommands: [
            InspectCommand.self, ConnectCommand.self, ListenCommand.self, RelayCommand.self, DemoCommand.self,
            RunCommand.self, SocketsCommand.self, CommandsCommand.self, CheckTerminalCommand.self,
        ],
        defaultSubcommand: InspectCommand.self
    )
}
