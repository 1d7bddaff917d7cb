import TcpModel

/// A filter that could not be parsed: the message names the token and what was expected.
public struct HostFilterError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension HostFilter {
    /// Parses a filter given as words (the command line's arguments, or a prompt line split on
    /// spaces). Parentheses may stand alone or touch a word: `(sport = :22 or sport = :80)`.
    /// No words means every socket.
    public static func parse(_ words: [String]) throws(HostFilterError) -> HostFilter {
        var parser = Parser(tokens: tokenize(words))
        if parser.atEnd { return .all }
        let filter = try parser.orExpression()
        if let extra = parser.peek {
            throw HostFilterError(message: "filter: unexpected \(shown(extra)) after a complete filter (join with and / or)")
        }
        return filter
    }

    /// A token as a message shows it: control characters escaped, long ones cut.
    static func shown(_ token: String) -> String {
        "`" + MessageText.escaped(token, limit: MessageText.limit) + "`"
    }

    /// The state names ss takes, and its two groups.
    static let stateNames: [String: Set<UInt8>] = {
        var names: [String: Set<UInt8>] = [
            "established": [1], "syn-sent": [2], "syn-recv": [3], "fin-wait-1": [4], "fin-wait-2": [5],
            "time-wait": [6], "closed": [7], "close-wait": [8], "last-ack": [9], "listening": [10],
            "closing": [11],
        ]
        names["all"] = Set(1...11)
        names["connected"] = Set(1...11).subtracting([7, 10])
        names["synchronized"] = Set(1...11).subtracting([2, 7, 10])
        return names
    }()

    private static func tokenize(_ words: [String]) -> [String] {
        var tokens: [String] = []
        for word in words {
            for piece in word.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                var current = ""
                for ch in piece {
                    if ch == "(" || ch == ")" {
                        if !current.isEmpty { tokens.append(current); current = "" }
                        tokens.append(String(ch))
                    } else {
                        current.append(ch)
                    }
                }
                if !current.isEmpty { tokens.append(current) }
            }
        }
        return tokens
    }

    private struct Parser {
        var tokens: [String]
        var index = 0

        var atEnd: Bool { index >= tokens.count }
        var peek: String? { atEnd ? nil : tokens[index] }

        mutating func next() -> String? {
            defer { index += 1 }
            return peek
        }

        mutating func orExpression() throws(HostFilterError) -> HostFilter {
            var left = try andExpression()
            while let word = peek, ["or", "|", "||"].contains(word) {
                index += 1
                left = .or(left, try andExpression())
            }
            return left
        }

        /// `a and b`, or `a b` as ss allows.
        mutating func andExpression() throws(HostFilterError) -> HostFilter {
            var left = try unary()
            while let word = peek, word != ")", !["or", "|", "||"].contains(word) {
                if ["and", "&", "&&"].contains(word) { index += 1 }
                left = .and(left, try unary())
            }
            return left
        }

        mutating func unary() throws(HostFilterError) -> HostFilter {
            guard let word = next() else {
                throw HostFilterError(message: "filter: ends where a condition was expected (state, sport, dport, src, dst, pid, comm, not or `(`)")
            }
            switch word {
            case "not", "!":
                return .not(try unary())
            case "(":
                let inner = try orExpression()
                guard next() == ")" else {
                    throw HostFilterError(message: "filter: `(` is not closed: expected `)`" + (tokens.indices.contains(index - 1) ? " before \(shown(tokens[index - 1]))" : ""))
                }
                return inner
            case "state":
                guard let name = next() else { throw HostFilterError(message: "filter: `state` needs a state name (established, listening, time-wait, ...)") }
                guard let states = HostFilter.stateNames[name.lowercased()] else {
                    throw HostFilterError(message: "filter: unknown state \(shown(name)) (expected one of \(HostFilter.stateNames.keys.sorted().joined(separator: ", ")))")
                }
                return .state(states)
            case "sport", "dport":
                let side: PortSide = word == "sport" ? .local : .peer
                var comparison = PortComparison.equal
                if let op = peek, let parsed = Self.comparison(op) {
                    comparison = parsed
                    index += 1
                }
                guard let portText = next() else { throw HostFilterError(message: "filter: \(shown(word)) needs a port (`\(word) = :443`)") }
                let digits = portText.hasPrefix(":") ? String(portText.dropFirst()) : portText
                guard let port = UInt16(digits) else {
                    throw HostFilterError(message: "filter: \(shown(portText)) is not a port (expected `:NUMBER`, 0-65535, after \(word))")
                }
                return .port(side, comparison, port)
            case "src", "dst":
                if peek == "=" || peek == "==" { index += 1 }
                guard let text = next() else { throw HostFilterError(message: "filter: \(shown(word)) needs an address (`\(word) 10.0.0.0/8`)") }
                guard let prefix = Self.prefix(text) else {
                    throw HostFilterError(message: "filter: \(shown(text)) is not an address or prefix (expected 127.0.0.1, 10.0.0.0/8, ::1 or [::1]/128 after \(word))")
                }
                return .address(word == "src" ? .local : .peer, prefix)
            case "pid":
                guard let text = next() else { throw HostFilterError(message: "filter: `pid` needs a process id") }
                guard let pid = Int32(text), pid > 0 else { throw HostFilterError(message: "filter: \(shown(text)) is not a process id (after pid)") }
                return .pid(pid)
            case "comm":
                guard let name = next() else { throw HostFilterError(message: "filter: `comm` needs a command name") }
                return .command(name)
            default:
                throw HostFilterError(message: "filter: unexpected \(shown(word)) (expected state, sport, dport, src, dst, pid, comm, not or `(`)")
            }
        }

        static func comparison(_ word: String) -> PortComparison? {
            switch word {
            case "=", "==", "eq": .equal
            case "!=", "neq", "ne": .notEqual
            case "<", "lt": .less
            case "<=", "le": .lessOrEqual
            case ">", "gt": .greater
            case ">=", "ge": .greaterOrEqual
            default: nil
            }
        }

        static func prefix(_ text: String) -> HostPrefix? {
            var addressText = Substring(text)
            var length: Int?
            if let slash = text.lastIndex(of: "/") {
                guard let n = Int(text[text.index(after: slash)...]) else { return nil }
                length = n
                addressText = text[..<slash]
            }
            if addressText.hasPrefix("[") && addressText.hasSuffix("]") {
                addressText = addressText.dropFirst().dropLast()
            }
            if let v4 = IPv4Address(String(addressText)) {
                let bits = length ?? 32
                guard (0...32).contains(bits) else { return nil }
                return HostPrefix(address: .v4(v4, port: 0), length: bits)
            }
            if let v6 = IPv6Address(String(addressText)) {
                let bits = length ?? 128
                guard (0...128).contains(bits) else { return nil }
                return HostPrefix(address: .v6(v6, port: 0), length: bits)
            }
            return nil
        }
    }
}
