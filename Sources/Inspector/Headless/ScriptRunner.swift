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
        var parsed: [(number: Int, text: String, line: ParsedLine, background: Bool)] = []
        var mistakes: [String] = []
        for (index, text) in lines.enumerated() {
            if let (body, line) = ScriptRunner.background(text) {
                parsed.append((index + 1, body, line, true))
                continue
            }
            do {
                let line = try CommandParser.parse(text)
                if line.command != nil { parsed.append((index + 1, text, line, false)) }
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

        // Lines started with `&`, finished when the script ends (or quits).
        var started: [(number: Int, line: ParsedLine, running: RunningLine)] = []
        let finishStarted = { () -> ExitCode in
            var code = ExitCode.success
            for (number, line, running) in started {
                let outcome = running.finish(limit: lineTimeout)
                if !report(outcome, number: number, line: line, name: name) { code = .failed }
            }
            return code
        }
        for (number, text, line, background) in parsed {
            if background {
                started.append((number, line, session.start(line, text: text)))
                continue
            }
            switch line.command {
            case .quit?:
                return finishStarted()
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
            if report(outcome, number: number, line: line, name: name) { continue }
            // Lines still running in the background are ended first: they are cancelled.
            for (_, _, running) in started { _ = running.finish(limit: .milliseconds(1)) }
            return .failed
        }
        return finishStarted()
    }

    /// Says how a line failed; false when the failure stops the script.
    private func report(_ outcome: Outcome, number: Int, line: ParsedLine, name: String) -> Bool {
        if outcome.ok { return true }
        if line.allowFailure {
            output(.info("\(name):\(number): failed as allowed by try: \(outcome.message)"))
            return true
        }
        output(.problem("\(name):\(number): failed: \(outcome.message)"))
        return false
    }

    /// `read &`: a line that ends in `&` after a space starts and the script goes on, as in a
    /// shell; it is waited for when the script ends. Not for commands whose text runs to the
    /// end of the line (`send`, `expect`, `note`), where `&` is part of the text.
    static func background(_ text: String) -> (String, ParsedLine)? {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.hasSuffix("&"), let last = trimmed.dropLast().last, last.isWhitespace else { return nil }
        let body = String(trimmed.dropLast()).trimmingWhitespace()
        guard let line = try? CommandParser.parse(body), let command = line.command else { return nil }
        switch command {
        case .send, .expect, .note: return nil
        default: return (body, line)
        }
    }

    /// Lines of a script; CR LF and CR endings are accepted, and a byte-order mark at the very
    /// start (editors on Windows write one) is skipped rather than read as part of a command.
    public static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var lastWasCR = false
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        for scalar in scalars {
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
