/// Commands written back as text: the arguments the log shows.
extension Command {
    /// The arguments as the command language writes them (`5`, `on`, `"hi\r\n"`). Sent text is
    /// shortened for the log; the event's `bytes` hold all of it.
    var argumentsText: String {
        switch self {
        case .connect(let target, let timeout, let from, let tls):
            return (tls == nil ? "" : "tls://") + target + (timeout.map { " timeout=\(DurationText.format($0))" } ?? "")
                + (from.map { " from=\($0)" } ?? "") + Command.tlsOptionsText(tls)
        case .listen(let address, let backlog, let reuseAddress, let reusePort, let accepting, let tls):
            return (tls == nil ? "" : "tls:") + address + Command.listenOptionsText(backlog, reuseAddress, reusePort, accepting)
                + Command.tlsServerOptionsText(tls)
        case .select(let id): return id.description
        case .send(let payload):
            var words = payload.parts.map { part in
                switch part {
                case .bytes(let bytes):
                    let text = EscapedText.encode(bytes)
                    return text.count > 120 ? "\"\(text.prefix(117))...\" (\(HumanText.count(bytes.count, "byte")))" : "\"\(text)\""
                case .file(let path): return "file:" + Command.word(path)
                }
            }
            if payload.repeatCount != 1 { words.append("repeat=\(payload.repeatCount)") }
            return words.joined(separator: " ")
        case .read(let n), .peek(let n): return n.map(String.init) ?? ""
        case .set(_, let value): return value.text
        case .get: return ""
        case .shutdown(let how): return how.rawValue
        case .forget(.stream(let id)): return id.description
        case .forget(.closed): return "closed"
        case .clone, .close, .error, .info, .cancel, .quit, .allowWrite, .abort, .unjoin: return ""
        case .relay(let listen, let upstream): return "\(listen) \(upstream)"
        case .join(let id): return id.description
        case .hold(let on): return on ? "on" : "off"
        case .step(let n), .drop(let n): return String(n)
        case .delay(let d): return d.map(DurationText.format) ?? "off"
        case .rate(let r): return r.map(String.init) ?? "off"
        case .starttls(let role): return Command.starttlsText(role)
        case .attach(.descriptor(let pid, let fd)): return "\(pid):\(fd)"
        case .attach(.inode(let inode)): return String(inode)
        case .follow(let on): return on ? "on" : "off"
        case .wait(let condition, let timeout):
            return condition.text + (timeout.map { " timeout=\(DurationText.format($0))" } ?? "")
        case .expect(.text(let bytes)): return "text \"\(EscapedText.encode(bytes))\""
        case .expect(.hex(let bytes)): return "hex \(HexText.encode(bytes))"
        case .expect(.error(let name)): return "error \(name)"
        case .expect(.elapsed(let over, let limit)): return "elapsed \(over ? "over" : "under") \(DurationText.format(limit))"
        case .expect(.received(let bytes)): return "received \"\(EscapedText.encode(bytes))\""
        case .expect(.contains(let bytes)): return "contains \"\(EscapedText.encode(bytes))\""
        case .expect(.matches(let pattern)): return "matches \(pattern)"
        case .expect(.closed): return "closed"
        case .note(let text): return text
        case .sleep(let d): return DurationText.format(d)
        case .help(let topic): return topic ?? ""
        // Names as a script writes them: quoted, with control characters escaped.
        case .save(let path, let overwrite): return Command.word(path) + (overwrite ? " overwrite" : "")
        case .transcript(let path, let overwrite):
            return path.map { Command.word($0) + (overwrite ? " overwrite" : "") } ?? "off"
        }
    }
}
