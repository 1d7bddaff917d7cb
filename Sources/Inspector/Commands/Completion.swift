import TcpModel

extension CommandParser {
    /// Candidates for Tab completion of the last word of `partialLine` (empty when the line ends
    /// in a blank), each a full replacement for that word: command names at the start (and
    /// `ID:` prefixes), option names after `set`/`get`, values after `set OPTION`, directions,
    /// wait conditions, `on`/`off`, ids after `select`, and `overwrite` after a file name. `entryIDs` are the session's ids
    /// (`s1`, `l1`, ...). Matching ignores case; candidates are in the grammar's order.
    public static func completions(for partialLine: String, streamIDs entryIDs: [String]) -> [String] {
        let bytes = Array(partialLine.utf8)
        // Inside quotes the word is free text; and no one completes a 64 KiB line.
        guard bytes.count <= maximumLineLength,
              !bytes.contains(UInt8(ascii: "\"")), !bytes.contains(UInt8(ascii: "'")),
              bytes.first(where: { !ASCII.isWhitespace($0) }) != UInt8(ascii: "#")
        else { return [] }
        var words = bytes.split(whereSeparator: ASCII.isWhitespace).map { String(decoding: $0, as: UTF8.self) }
        if bytes.last.map(ASCII.isWhitespace) ?? true { words.append("") }
        guard let current = words.popLast() else { return [] }

        var index = 0
        if index < words.count, words[index].lowercased() == "try" { index += 1 }
        var hasTarget = false
        var commandText: String?
        if index < words.count, let colon = words[index].firstIndex(of: ":") {
            hasTarget = true
            let attached = words[index][words[index].index(after: colon)...]
            if !attached.isEmpty { commandText = String(attached) }
            index += 1
        }
        if commandText == nil, index < words.count {
            commandText = words[index]
            index += 1
        }

        guard let commandText else {
            return commandCandidates(for: current, hasTarget: hasTarget, entryIDs: entryIDs)
        }
        guard let command = CommandWord.named(commandText) else { return [] }
        let arguments = Array(words[index...])
        return matching(current, argumentCandidates(command, arguments: arguments, entryIDs: entryIDs))
    }

    /// Command names, or `ID:` prefixes; `s2:re` completes to `s2:read`.
    private static func commandCandidates(for word: String, hasTarget: Bool, entryIDs: [String]) -> [String] {
        if !hasTarget, let colon = word.firstIndex(of: ":") {
            let prefix = String(word[...colon])
            let names = CommandWord.allCases.filter(\.takesTarget).map(\.rawValue)
            return matching(String(word[word.index(after: colon)...]), names).map { prefix + $0 }
        }
        let commands = CommandWord.allCases.filter { !hasTarget || $0.takesTarget }.map(\.rawValue)
        let prefixes = hasTarget ? [] : entryIDs.map { $0 + ":" }
        return matching(word, commands + prefixes)
    }

    private static func argumentCandidates(_ command: CommandWord, arguments: [String], entryIDs: [String]) -> [String] {
        let position = arguments.count
        let optionNames = SocketOptionName.allCases.map(\.rawValue)
        switch (command, position) {
        case (.set, 0), (.get, 0): return optionNames
        case (.set, 1):
            switch SocketOptionName.named(arguments[0]) {
            case .nodelay, .quickack, .nonblocking, .keepalive, .cork, .reuseport: return KeywordText.flagWords
            case .linger, .readTimeout, .writeTimeout, .userTimeout: return [KeywordText.off]
            // The names this kernel lets any process choose.
            case .congestion: return CongestionControl.allowed()
            default: return []
            }
        case (.shutdown, 0): return KeywordText.shutdownWords
        case (.follow, 0): return KeywordText.flagWords
        case (.wait, 0): return KeywordText.waitConditions
        case (.wait, 1) where arguments[0].lowercased() == "bytes": return []
        case (.connect, 1...) where arguments[0].lowercased().hasPrefix(TlsArguments.scheme):
            // The `key=` options not given yet, and `insecure`.
            let insecure = arguments.contains { $0.lowercased() == "insecure" } ? [] : ["insecure"]
            return command.options.map { $0 + "=" }.filter { key in
                !arguments.contains { $0.lowercased().hasPrefix(key) }
            } + insecure
        case (.connect, 1...):
            // A plain connect takes no TLS words.
            return ["timeout=", "from="].filter { key in !arguments.contains { $0.lowercased().hasPrefix(key) } }
        case (.listen, 1...) where !arguments[0].lowercased().hasPrefix(TlsArguments.listenScheme):
            // A plain listener takes no TLS words.
            return ["backlog=", "reuseaddr=", "reuseport=", "accept="].filter { key in
                !arguments.contains { $0.lowercased().hasPrefix(key) }
            }
        case (.listen, 1...):
            // The `key=` options not given yet, and `selfsigned` instead of files.
            let files = arguments.contains { $0.lowercased().hasPrefix("cert=") || $0.lowercased().hasPrefix("key=") }
            let words = files || arguments.contains { $0.lowercased() == "selfsigned" } ? [] : ["selfsigned"]
            return command.options.map { $0 + "=" }.filter { key in
                !arguments.contains { $0.lowercased().hasPrefix(key) }
            } + words
        case (.wait, _):
            // The `key=` options not given yet.
            return command.options.map { $0 + "=" }.filter { key in
                !arguments.contains { $0.lowercased().hasPrefix(key) }
            }
        case (.starttls, 0): return ["client", "server"]
        case (.starttls, 1...):
            let server = arguments[0].lowercased() == "server"
            var keys = server ? ["cert=", "key=", "ca="] : ["ca=", "sni=", "alpn=", "cert=", "key=", "insecure"]
            // `selfsigned` instead of files, until one of them is given.
            if server, !arguments.contains(where: { $0.lowercased().hasPrefix("cert=") || $0.lowercased().hasPrefix("key=") }) {
                keys.append("selfsigned")
            }
            return keys.filter { key in !arguments.contains { $0.lowercased().hasPrefix(key) } }
        case (.connect, 0): return entryIDs.filter { $0.lowercased().hasPrefix("l") } + [TlsArguments.scheme]
        case (.select, 0): return entryIDs
        case (.join, 0): return entryIDs.filter { $0.lowercased().hasPrefix("s") }
        case (.hold, 0): return KeywordText.flagWords
        case (.delay, 0), (.rate, 0): return [KeywordText.off]
        case (.forget, 0): return entryIDs.filter { $0.lowercased().hasPrefix("s") } + ["closed"]
        case (.help, 0): return commandNames + optionNames
        case (.expect, 0): return KeywordText.expectKinds
        case (.expect, 1) where arguments[0].lowercased() == "elapsed": return KeywordText.elapsedBounds
        case (.transcript, 0): return [KeywordText.off]
        case (.save, 1): return [KeywordText.overwrite]
        case (.transcript, 1) where arguments[0].lowercased() != KeywordText.off: return [KeywordText.overwrite]
        default: return []
        }
    }

    /// The candidates that start with `word`, ignoring case, without repeats.
    private static func matching(_ word: String, _ candidates: [String]) -> [String] {
        let typed = word.lowercased()
        var seen: Set<String> = []
        return candidates.filter { $0.lowercased().hasPrefix(typed) && seen.insert($0).inserted }
    }
}
