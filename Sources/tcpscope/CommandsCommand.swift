import ArgumentParser
import Inspector

/// `tcpscope commands`: the command language, for scripts and the `:` prompt.
struct CommandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands",
        abstract: "Print the command language the : prompt and scripts take.")

    func run() {
        print(CommandGrammarText.help(nil))
        print("\nOptions for set and get (help OPTION explains one):")
        let width = SocketOptionName.allCases.map(\.rawValue.count).max() ?? 0
        for option in SocketOptionName.allCases {
            print("  " + option.rawValue + String(repeating: " ", count: width - option.rawValue.count) + "  " + option.valueForm)
        }
        print("""

              On the screen, `sockets [FILTER]` (or H) shows the Host view: every TCP socket on the host;
              FILTER is as for `tcpscope sockets` (see tcpscope sockets --help).
              There Enter attaches to the socket under the cursor, as `attach PID:FD` does.
              Prefix a stream command with an id to aim it at another stream: s2: read 5.
              Start a script line with `try ` to let it fail. Texts take C escapes (\\r \\n \\t \\0 \\\\ \\" \\xHH)
              or hex:0d0a; durations 250ms, 2s, 1.5s; `off` turns a timeout or linger off.
              """)
    }
}
