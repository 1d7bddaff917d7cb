/// Commands written back as script lines, for `save`: the canonical form,
/// which parses back to the same value (`CommandParser.parse(c.description).command == c`).
extension Command: CustomStringConvertible {
    public var description: String {
        switch self {
        case .connect(let target, let timeout, let from, let tls):
            "connect \(tls == nil ? "" : "tls://")\(target)" + Command.timeoutText(timeout) + (from.map { " from=\($0)" } ?? "")
                + Command.tlsOptionsText(tls)
        case .listen(let address, let backlog, let reuseAddress, let reusePort, let accepting, let tls):
            "listen \(tls == nil ? "" : "tls:")\(address)" + Command.listenOptionsText(backlog, reuseAddress, reusePort, accepting)
                + Command.tlsServerOptionsText(tls)
        case .select(let id): "select \(id)"
        case .send(let payload): "send " + Command.sendText(payload)
        case .read(let count): "read" + (count.map { " \($0)" } ?? "")
        case .peek(let count): "peek" + (count.map { " \($0)" } ?? "")
        case .set(let name, let value): "set \(name.rawValue) \(Command.valueText(value))"
        case .get(let name): "get" + (name.map { " \($0.rawValue)" } ?? "")
        case .shutdown(let how): "shutdown \(how.rawValue)"
        case .clone: "clone"
        case .close: "close"
        case .forget(.stream(let id)): "forget \(id)"
        case .forget(.closed): "forget closed"
        case .error: "error"
        case .follow(let on): on ? "follow on" : "follow off"
        case .info: "info"
        case .attach(.descriptor(let pid, let fd)): "attach \(pid):\(fd)"
        case .attach(.inode(let inode)): "attach \(inode)"
        case .allowWrite: "allow-write"
        case .abort: "abort"
        case .relay(let listen, let upstream): "relay \(listen) \(upstream)"
        case .join(let id): "join \(id)"
        case .unjoin: "unjoin"
        case .hold(let on): on ? "hold on" : "hold off"
        case .step(let n): "step \(n)"
        case .drop(let n): "drop \(n)"
        case .delay(let d): "delay " + (d.map(DurationText.format) ?? KeywordText.off)
        case .rate(let r): "rate " + (r.map(String.init) ?? KeywordText.off)
        case .starttls(let role): "starttls " + Command.starttlsText(role)
        case .cancel: "cancel"
        case .wait(let condition, let timeout): "wait \(Command.conditionText(condition))" + Command.timeoutText(timeout)
        case .expect(.text(let bytes)): "expect text \"\(EscapedText.encode(bytes, keepingUnicode: true))\""
        case .expect(.hex(let bytes)): "expect hex \(HexText.encode(bytes, separator: " "))"
        case .expect(.error(let name)): "expect error \(name)"
        case .expect(.elapsed(let over, let limit)): "expect elapsed \(over ? "over" : "under") \(DurationText.format(limit))"
        case .expect(.received(let bytes)): "expect received \"\(EscapedText.encode(bytes, keepingUnicode: true))\""
        case .expect(.contains(let bytes)): "expect contains \"\(EscapedText.encode(bytes, keepingUnicode: true))\""
        case .expect(.matches(let pattern)): "expect matches \(pattern)"
        case .expect(.closed): "expect closed"
        case .note(let text): "note \(text)"
        case .sleep(let duration): "sleep \(DurationText.format(duration))"
        case .help(let topic): "help" + (topic.map { " " + Command.word($0) } ?? "")
        case .quit: "quit"
        case .save(let path, let overwrite): "save \(Command.word(path))" + Command.overwriteText(overwrite)
        case .transcript(let path, let overwrite):
            "transcript " + (path.map { Command.word($0) + Command.overwriteText(overwrite) } ?? KeywordText.off)
        }
    }

    private static func overwriteText(_ overwrite: Bool) -> String {
        overwrite ? " " + KeywordText.overwrite : ""
    }

    /// The options of `listen` that differ from the defaults, as the command writes them.
    static func listenOptionsText(_ backlog: Int?, _ reuseAddress: Bool, _ reusePort: Bool, _ accepting: Bool) -> String {
        (backlog.map { " backlog=\($0)" } ?? "") + (reuseAddress ? "" : " reuseaddr=off") + (reusePort ? " reuseport=on" : "")
            + (accepting ? "" : " accept=off")
    }

    private static func timeoutText(_ timeout: Duration?) -> String {
        timeout.map { " timeout=\(DurationText.format($0))" } ?? ""
    }

    private static func conditionText(_ condition: WaitCondition) -> String {
        switch condition {
        case .readable: "readable"
        case .bytes(let count): "bytes \(count)"
        case .closed: "closed"
        case .accepted: "accepted"
        case .joined: "joined"
        }
    }

    private static func valueText(_ value: OptionValue) -> String {
        switch value {
        case .flag(let on): on ? "on" : "off"
        case .count(let count): "\(count)"
        case .size(let size): "\(size)"
        case .duration(let duration): duration.map(DurationText.format) ?? KeywordText.off
        case .name(let name): name
        }
    }

    /// Mostly-binary data reads better as hex; text (even with a few `\r\n`) as a quoted
    /// string. Escapes cost two to four characters a byte, so a string more than twice as long
    /// as its bytes is mostly escapes.
    private static func sendText(_ payload: SendPayload) -> String {
        var words = payload.parts.map { part in
            switch part {
            case .bytes(let bytes): sendText(bytes)
            case .file(let path): "file:" + word(path)
            }
        }
        if payload.repeatCount != 1 { words.append("repeat=\(payload.repeatCount)") }
        return words.joined(separator: " ")
    }

    private static func sendText(_ bytes: [UInt8]) -> String {
        let text = EscapedText.encode(bytes, keepingUnicode: true)
        if text.utf8.count > 2 * bytes.count { return "hex:" + HexText.encode(bytes) }
        return "\"" + text + "\""
    }

    /// One word: as it is when the tokenizer would read it back unchanged, else double-quoted.
    static func word(_ text: String) -> String {
        let safe = !text.isEmpty && text.lowercased() != KeywordText.off && text.utf8.allSatisfy { byte in
            ASCII.isLetter(byte) || ASCII.isDigit(byte) || "._/~:@%+,-".utf8.contains(byte)
        }
        return safe ? text : "\"" + EscapedText.encode(Array(text.utf8), keepingUnicode: true) + "\""
    }
}

extension ParsedLine: CustomStringConvertible {
    /// The line as a script writes it; blank lines are empty.
    public var description: String {
        guard let command else { return "" }
        return (allowFailure ? "try " : "") + (target.map { "\($0): " } ?? "") + command.description
    }
}
