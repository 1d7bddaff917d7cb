/// One JSON object on one line, built field by field. Strings are escaped for JSON (quotes,
/// backslashes, every control character), so any text a peer or a person produced is safe.
struct JSONLine {
    /// The object so far, without its closing brace.
    private(set) var text = "{"
    private var first = true

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONLine.appendString(value, to: &text) } else { text += "null" }
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    mutating func field(_ name: String, _ value: UInt64) {
        key(name)
        text += String(value)
    }

    mutating func field(_ name: String, seconds value: Duration?) {
        key(name)
        guard let value else { text += "null"; return }
        let (s, atto) = value.components
        let micros = s * 1_000_000 + atto / 1_000_000_000_000
        let whole = micros / 1_000_000, fraction = abs(micros % 1_000_000)
        let digits = String(fraction)
        text += "\(whole).\(String(repeating: "0", count: 6 - digits.count))\(digits)"
    }

    /// Starts a string field and leaves it open: the caller appends characters that need no
    /// escaping (hex digits) straight after `text`, then closes it with `"` and the object.
    mutating func openString(_ name: String) {
        key(name)
        text += "\""
    }

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        JSONLine.appendString(name, to: &text)
        text += ":"
    }

    /// A number, or null.
    mutating func optional(_ name: String, _ value: UInt64?) {
        key(name)
        text += value.map { String($0) } ?? "null"
    }

    /// A value already in JSON (a nested object or array built by another JSONLine).
    mutating func raw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    var line: String { text + "}\n" }

    /// The object without the line's end, to nest in another.
    var object: String { text + "}" }

    static func appendString(_ value: String, to out: inout String) {
        // Most text (addresses, state and command names) is plain printable ASCII: one append.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += "\""
            out += value
            out += "\""
            return
        }
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
