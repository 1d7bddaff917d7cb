/// How error messages quote what the user typed. Input can be hostile (a peer's bytes pasted
/// into a script, a fuzzer), and messages are drawn on the user's terminal, so control and
/// format characters are shown escaped and long text is cut short.
public enum MessageText {
    /// Quoted text shows at most this many scalars.
    static let limit = 40

    /// `'text'`, with control characters escaped and anything past `limit` scalars elided.
    static func quoted(_ text: some StringProtocol) -> String {
        "'" + escaped(text, limit: limit) + "'"
    }

    /// A file name as a message shows it: whole (a person needs all of it to find the file),
    /// with every control and format character escaped as `quoted` does, so a name such as
    /// `$'\e]0;title\a'` reaches a terminal, a log or standard error as text, never as a
    /// command to the terminal. Names without such characters are shown unchanged.
    public static func fileName(_ path: some StringProtocol) -> String {
        escaped(path, limit: nil)
    }

    /// `text` with control and format characters escaped (`\n`, `\x1b`, `\u{202e}`), cut
    /// after `limit` scalars with `…` when a limit is given.
    static func escaped(_ text: some StringProtocol, limit: Int?) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x20..<0x7F: out.unicodeScalars.append(scalar)
            case ..<0x80: out += "\\x" + HexText.twoDigits(UInt8(truncatingIfNeeded: scalar.value))
            default:
                if isDrawable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                }
            }
        }
        return out
    }

    /// Scalars that draw as themselves; bidi overrides, private use and the like do not.
    static func isDrawable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            false
        default:
            true
        }
    }
}
