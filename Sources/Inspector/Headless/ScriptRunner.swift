/// Runs a script of the command language without a screen: every line is parsed first, so a
/// script with a mistake does nothing at all; then the lines run in order, each waiting for
/// the one before to finish. The first failure stops the run (unless the line starts with
/// `try `), naming the line.
public struct ScriptRunner: Sendable {
    public enum ExitCode: Int32, Sendable {
        case success = 0
        case failed = 1
        case malformed = 2
    }

    /// What the runner prints: every operation as it happens, and problems with their line.
    public enum Output: Sendable {
        case event(String)
        case problem(String)
        case info(String)

        public var text: String {
            switch self {
            case .event(let t), .problem(let t), .info(let t): t
            }
        }
    }

    public let session: Session
    /// Where the readable log goes (standard output for `tcpscope run`).
    public let output: @Sendable (Output) -> Void
    /// What `help [TOPIC]` prints; the front end may add the options' teaching texts.
    public let help: @Sendable (String?) -> String
    /// `--timeout`: the longest any one line may run; a line still running then is cancelled
    /// and fails with its line number. nil lets a line take as long as it takes.
    public let lineTimeout: Duration?

    public init(session: Session, help: @escaping @Sendable (String?) -> String = { CommandGrammarText.help($0) },
                lineTimeout: Duration? = nil, output: @escaping @Sendable (Output) -> Void) {
        self.session = session
        self.help = help
        self.lineTimeout = lineTimeout
        self.output = output
    }

    /// Runs `script`; `name` is how errors refer to it (`demo.tcps:7: ...`).
    public func run(script: String, name: String) -> ExitCode {
        let lines = ScriptRunner.lines(of: script)
        var parsed: [(number: Int, text: String, line: ParsedLine)] = []
        var mistakes: [String] = []
        for (index, text) in lines.enumerated() {
            do {
                let line = try CommandParser.parse(text)
                if line.command != nil { parsed.append((index + 1, text, line)) }
            } catch {
                let column = error.column.map { ":\($0)" } ?? ""
                mistakes.append("\(name):\(index + 1)\(column): \(error.message)")
            }
        }
        if !mistakes.isEmpty {
            mistakes.forEach { output(.problem($0)) }
            output(.problem("\(name): \(mistakes.count) malformed line\(mistakes.count == 1 ? "" : "s"); nothing was run"))
            return .malformed
        }

        let printer = output
        let printing = session.log.observe { printer(.event(EventText.line($0))) }
        defer { printing.cancel() }

        for (number, text, line) in parsed {
            switch line.command {
            case .quit?:
                return .success
            case .help(let topic)?:
                let text = help(topic)
                if let topic, case .unknown = HelpTopic.resolve(topic) {
                    output(.problem(text))
                } else {
                    output(.info(text))
                }
                continue
            default:
                break
            }
            let outcome = session.perform(line, text: text, limit: lineTimeout)
            if outcome.ok { continue }
            if line.allowFailure {
                output(.info("\(name):\(number): failed as allowed by try: \(outcome.message)"))
                continue
            }
            output(.problem("\(name):\(number): failed: \(outcome.message)"))
            return .failed
        }
        return .success
    }

    /// Lines of a script; CR LF and CR endings are accepted.
    public static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var lastWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                lines.append(current); current = ""; lastWasCR = true
                continue
            }
            if scalar == "\n" {
                if !lastWasCR { lines.append(current); current = "" }
                lastWasCR = false
                continue
            }
            lastWasCR = false
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// The grammar as help text, from the parser's own table, so help never drifts from it.
public enum CommandGrammarText {
    /// `help` alone: every command with its usage. `help TOPIC`: that command's usage and
    /// summary, or that option's form and `optionText` (its teaching text, where the caller has
    /// one); an unknown topic says so, with the nearest name.
    public static func help(_ topic: String?, optionText: (SocketOptionName) -> String? = { _ in nil }) -> String {
        if let topic {
            switch HelpTopic.resolve(topic) {
            case .command(_, let usage, let summary):
                return "\(usage)\n  \(summary)"
            case .option(let option):
                let form = "set \(option.rawValue) \(option.valueForm)"
                return optionText(option).map { form + "\n" + $0 } ?? form
            case .unknown(let topic, let suggestion):
                return HelpTopic.unknownText(topic, suggestion: suggestion)
            }
        }
        let rows = CommandParser.grammar
        let width = rows.map(\.usage.count).max() ?? 0
        return rows.map { "  \($0.usage.padding(to: width))  \($0.summary)" }.joined(separator: "\n")
    }
}
