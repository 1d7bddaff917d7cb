/// The words after one command word, with `key=value` options already taken out, and the
/// error messages for that command. Every message it builds reads
/// `<command>: <problem> (expected <what>)`, where <what> is the usage unless something more
/// precise (a range, a list of words) is known.
struct ArgumentList {
    let command: CommandWord
    /// The whole line, for columns.
    let line: [UInt8]
    /// What messages start with: the command name, or e.g. `set ttl` once the option is known.
    var subject: String
    private(set) var positionals: [Token] = []
    private var nextIndex = 0
    /// The `timeout=` option, for commands that take it.
    private(set) var timeout: Duration?
    /// The other `key=value` options the command takes (`from=`, `backlog=`), by key, with the
    /// token that gave each, so a bad value's message points at it.
    private(set) var keyed: [String: (value: String, token: Token)] = [:]

    /// An empty list, for commands that read the raw line themselves and need only the messages.
    init(command: CommandWord, line: [UInt8]) {
        self.command = command
        self.line = line
        subject = command.rawValue
    }

    init(command: CommandWord, line: [UInt8], tokens: [Token]) throws(CommandError) {
        self.init(command: command, line: line)
        for token in tokens {
            guard !command.hasFreeTextArguments, !token.isQuoted,
                  let equals = token.bytes.firstIndex(of: UInt8(ascii: "=")), equals > 0,
                  token.bytes[..<equals].allSatisfy({ ASCII.isLetter($0) || $0 == UInt8(ascii: "-") })
            else {
                positionals.append(token)
                continue
            }
            let key = String(decoding: token.bytes[..<equals], as: UTF8.self).lowercased()
            if key == "timeout" {
                try takeTimeout(token, valueStart: equals + 1)
            } else if command.options.contains(key) {
                guard keyed[key] == nil else { throw error("'\(key)=' is given twice", at: token) }
                let value = String(decoding: token.bytes[(equals + 1)...], as: UTF8.self)
                guard !value.isEmpty else { throw error("'\(key)=' needs a value", at: token) }
                keyed[key] = (value, token)
            } else if !command.options.isEmpty {
                var problem = "unknown option \(MessageText.quoted(key + "="))"
                if let near = Suggestion.nearest(to: key, among: command.options) { problem += ", did you mean '\(near)='?" }
                throw error(problem, at: token)
            } else {
                // `key=value` means nothing to this command; let it complain about the word.
                positionals.append(token)
            }
        }
    }

    /// The next positional word, if any.
    mutating func next() -> Token? {
        guard nextIndex < positionals.count else { return nil }
        defer { nextIndex += 1 }
        return positionals[nextIndex]
    }

    /// The next positional word without taking it.
    func peek() -> Token? {
        nextIndex < positionals.count ? positionals[nextIndex] : nil
    }

    /// The next positional word, or an error saying it is missing.
    mutating func require(_ what: String, expected: String? = nil) throws(CommandError) -> Token {
        guard let token = next() else { throw missing(what, expected: expected) }
        return token
    }

    /// The remaining positional words, for commands that take a list.
    mutating func remaining() -> [Token] {
        defer { nextIndex = positionals.count }
        return Array(positionals[nextIndex...])
    }

    /// Fails when words are left over.
    func finish(expected: String? = nil) throws(CommandError) {
        guard nextIndex < positionals.count else { return }
        let extra = positionals[nextIndex]
        throw error("unexpected \(extra.quoted)", at: extra, expected: expected)
    }

    // MARK: Errors

    func error(_ problem: String, at token: Token?, expected: String? = nil) -> CommandError {
        error(problem, atByte: token?.start ?? line.count, expected: expected)
    }

    func error(_ problem: String, atByte offset: Int, expected: String? = nil) -> CommandError {
        CommandError(message: "\(subject): \(problem) (expected \(expected ?? command.usage))",
                     column: TextPosition.column(ofByte: offset, in: line))
    }

    /// An argument that should have come next; the column is the end of the line, where it
    /// would go.
    func missing(_ what: String, expected: String? = nil) -> CommandError {
        error("missing \(what)", at: nil, expected: expected)
    }

    /// A fault found inside `token` (or inside a slice of the line, when the fault has an
    /// offset). Faults that point at one character say its column, since the token may be long.
    func error(_ fault: TextFault, in token: Token?, expected: String? = nil) -> CommandError {
        var problem = fault.problem
        var offset = token?.start ?? line.count
        if let at = fault.offset {
            offset = at
            problem += " at column \(TextPosition.column(ofByte: at, in: line))"
        }
        return error(problem, atByte: offset, expected: fault.expected ?? expected)
    }

    // MARK: Options

    private mutating func takeTimeout(_ token: Token, valueStart: Int) throws(CommandError) {
        guard command.options.contains("timeout") else {
            throw error("option 'timeout=' does not apply", at: token)
        }
        guard timeout == nil else { throw error("'timeout=' is given twice", at: token) }
        let value = String(decoding: token.bytes[valueStart...], as: UTF8.self)
        guard !value.isEmpty else {
            throw error("'timeout=' needs a duration", at: token, expected: "timeout=DUR, e.g. timeout=2s")
        }
        do throws(TextFault) {
            timeout = try DurationText.parsing(value)
        } catch {
            throw self.error(error, in: token)
        }
    }
}
