import Inspector

/// The teaching texts of the help screen, read from Assets/help (so they can be improved
/// without touching code): an introduction, and for each socket option what it does, its
/// Linux default and something to try.
public struct HelpLibrary: Sendable {
    public struct OptionText: Sendable, Hashable {
        public var what: String = ""
        public var linuxDefault: String = ""
        public var tryThis: String = ""
    }

    public var introduction: [String]
    public var options: [SocketOptionName: OptionText]

    public init(introduction: [String] = [], options: [SocketOptionName: OptionText] = [:]) {
        self.introduction = introduction
        self.options = options
    }

    /// Parses `options.txt`: `[name]` starts an option; `default:` and `try:` lines fill those
    /// fields; other lines describe it. `#` lines are comments. Unknown names are skipped.
    public static func parseOptions(_ text: String) -> [SocketOptionName: OptionText] {
        var result: [SocketOptionName: OptionText] = [:]
        var current: SocketOptionName?
        var entry = OptionText()
        func flush() {
            if let current { result[current] = entry }
            entry = OptionText()
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingWhitespace()
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                flush()
                current = SocketOptionName(rawValue: String(line.dropFirst().dropLast()))
            } else if line.hasPrefix("default:") {
                entry.linuxDefault = append(entry.linuxDefault, line.dropFirst(8))
            } else if line.hasPrefix("try:") {
                entry.tryThis = append(entry.tryThis, line.dropFirst(4))
            } else {
                entry.what = append(entry.what, Substring(line))
            }
        }
        flush()
        return result
    }

    private static func append(_ text: String, _ more: Substring) -> String {
        let more = String(more).trimmingWhitespace()
        return text.isEmpty ? more : text + " " + more
    }

    /// The whole help text as styled lines wrapped to `width`.
    public func lines(width: Int) -> [(String, Role)] {
        layout(width: width).lines
    }

    /// The teaching text of one option as plain lines (what it does, its Linux default,
    /// something to try), for `help OPTION` without a screen; nil when the texts lack it.
    public func optionText(_ option: SocketOptionName) -> String? {
        guard let text = options[option], !text.what.isEmpty else { return nil }
        var parts = ["  " + text.what]
        if !text.linuxDefault.isEmpty { parts.append("  Linux default: " + text.linuxDefault) }
        if !text.tryThis.isEmpty { parts.append("  Try this: " + text.tryThis) }
        return parts.joined(separator: "\n")
    }

    /// The line of `lines(width:)` where `topic` is explained: a command's row, an option's
    /// heading; nil for an unknown topic.
    public func line(of topic: HelpTopic, width: Int) -> Int? {
        let anchors = layout(width: width).anchors
        switch topic {
        case .command(let name, _, _): return anchors["command " + name]
        case .option(let option): return anchors["option " + option.rawValue]
        case .unknown: return nil
        }
    }

    /// The lines, and where each command's row and each option's heading start.
    private func layout(width: Int) -> (lines: [(String, Role)], anchors: [String: Int]) {
        var out: [(String, Role)] = []
        var anchors: [String: Int] = [:]
        func wrap(_ text: String, indent: Int = 0, role: Role = .normal) {
            for line in HelpLibrary.wrap(text, width: max(10, width - indent)) {
                out.append((String(repeating: " ", count: indent) + line, role))
            }
        }
        for line in introduction { wrap(line) }
        out.append(("", .normal))
        out.append(("Keys", .title))
        let keyWidth = (KeyMap.bindings.map(\.label.count).max() ?? 6) + 2
        for b in KeyMap.bindings { wrap(b.label.fitted(keyWidth, pad: true) + b.help) }
        out.append(("", .normal))
        out.append(("Commands (the : prompt and scripts take the same language)", .title))
        let usageWidth = min(44, (CommandParser.grammar.map(\.usage.count).max() ?? 20) + 2)
        for (name, row) in zip(CommandParser.commandNames, CommandParser.grammar) {
            anchors["command " + name] = out.count
            wrap(row.usage.fitted(usageWidth, pad: true) + row.summary)
        }
        wrap("Prefix any stream command with an id to aim it elsewhere: s2: read 5. Start a script line with try to let it fail.", role: .dim)
        out.append(("", .normal))
        out.append(("Socket options", .title))
        for option in SocketOptionName.allCases {
            anchors["option " + option.rawValue] = out.count
            out.append(("\(option.rawValue)  (\(OptionsPane.cName(option)))  set \(option.rawValue) \(option.valueForm)", .header))
            let text = options[option] ?? OptionText()
            if !text.what.isEmpty { wrap(text.what, indent: 2) }
            if !text.linuxDefault.isEmpty { wrap("Linux default: " + text.linuxDefault, indent: 2, role: .dim) }
            if !text.tryThis.isEmpty { wrap("Try this: " + text.tryThis, indent: 2, role: .good) }
        }
        out.append(("", .normal))
        out.append(("Flags in the Streams pane", .title))
        wrap("TLS a TLS stream (INSECURE: its certificate was not verified) · nd nodelay · nb nonblocking · F follow · c:s1 clone of s1 · rd/wr/rdwr shut down here · fin the peer closed its side · eof a read returned 0 · hup hang-up · ERR a socket error is pending · ALL-IFACES a listener on every interface, EXPOSED one on a single address other hosts reach · hold a listener that does not accept (listen ... accept=off)")
        out.append(("", .normal))
        out.append(("The PENDING column", .title))
        wrap("What runs on each side of the stream, with its time: r: the read side (read, peek, follow, wait), w: the write side (send). A read blocked on a quiet peer never holds up a send. Esc or `cancel` ends both; a stream still connecting shows `connect` and its timeout, and Esc, `cancel` or x ends it.")
        out.append(("", .normal))
        out.append(("Colours", .title))
        out.append(("read: bytes already read (consumed)", .read))
        out.append(("peeked: bytes still waiting in the kernel (MSG_PEEK)", .peeked))
        out.append(("sent: bytes written", .sent))
        return (out, anchors)
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.unicodeScalars.count + 1 + word.unicodeScalars.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
            while current.unicodeScalars.count > width {
                lines.append(String(String.UnicodeScalarView(current.unicodeScalars.prefix(width))))
                current = String(String.UnicodeScalarView(current.unicodeScalars.dropFirst(width)))
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
