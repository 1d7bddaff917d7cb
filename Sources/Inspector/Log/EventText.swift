/// Events as one readable line each: what the script runner prints and the Log pane shows.
public enum EventText {
    /// `  1.204  s1  read 5  ok  5 "hello"` or `  0.010  -   connect 127.0.0.1:9  ECONNREFUSED ...`.
    public static func line(_ event: Event, bytesLimit: Int = 48) -> String {
        var parts = [seconds(event.time), (event.entry?.description ?? "-").padding(to: 3), call(event)]
        if event.ok {
            var result = "ok"
            if let value = event.value, !value.isEmpty { result += "  \(value)" }
            if let bytes = event.bytes, !bytes.isEmpty {
                result += "  " + preview(bytes, limit: bytesLimit)
                // A large send keeps only its first bytes in the event: say so.
                if let total = event.value.flatMap({ Int($0) }), total > bytes.count {
                    result += " (the first \(bytes.count) of \(total) bytes are kept in the log)"
                }
            }
            parts.append(result)
        } else {
            parts.append(event.error ?? "failed")
        }
        if let elapsed = event.elapsed, elapsed >= .milliseconds(10) {
            parts.append("(\(HumanText.duration(elapsed)))")
        }
        return parts.joined(separator: "  ")
    }

    /// The call and its arguments: `read 5`, `set nodelay on`.
    public static func call(_ event: Event) -> String {
        event.args.isEmpty ? event.op : "\(event.op) \(event.args)"
    }

    /// Bytes as escaped text in quotes, cut at `limit` bytes with the total and what was left
    /// out said: `"GET / HT"... (2097152 bytes, 2097144 not shown)`.
    public static func preview(_ bytes: [UInt8], limit: Int) -> String {
        let shown = EscapedText.encode(Array(bytes.prefix(limit)))
        guard bytes.count > limit else { return "\"\(shown)\"" }
        return "\"\(shown)\"... (\(HumanText.count(bytes.count, "byte")), \(bytes.count - limit) not shown)"
    }

    /// Seconds with millisecond precision, right-aligned: `   1.204`.
    public static func seconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        let ms = Int(atto / 1_000_000_000_000_000)
        let text = "\(s).\(ms < 10 ? "00" : ms < 100 ? "0" : "")\(ms)"
        return text.padding(to: 8, leading: true)
    }
}

extension String {
    func padding(to width: Int, leading: Bool = false) -> String {
        let n = count
        guard n < width else { return self }
        let pad = String(repeating: " ", count: width - n)
        return leading ? pad + self : self + pad
    }
}
