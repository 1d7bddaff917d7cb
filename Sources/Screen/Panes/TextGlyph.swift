/// How the text view draws one byte, or one UTF-8 character: printable ASCII and drawable
/// characters as themselves; CR and LF as visible marks (`␍` `␊`, or `\r` `\n` without UTF-8);
/// every other byte escaped (`\t`, `\x1b`). Marks and escapes are drawn dim. No control byte
/// is ever drawn as itself, so a peer's bytes cannot reach the terminal as a command.
struct TextGlyph: Equatable {
    /// What is drawn: one scalar for a character, several for an escape.
    var scalars: [Unicode.Scalar]
    /// A mark or escape, not the byte itself.
    var escaped: Bool
    /// Bytes it stands for.
    var length: Int
    /// An LF: the line ends after it.
    var endsLine: Bool

    /// The glyph for the byte (or UTF-8 sequence) at `index` of `bytes`.
    static func at(_ index: Int, in bytes: ArraySlice<UInt8>, unicode: Bool) -> TextGlyph {
        let byte = bytes[index]
        switch byte {
        case 0x20...0x7E:
            return TextGlyph(scalars: [Unicode.Scalar(byte)], escaped: false, length: 1, endsLine: false)
        case 0x0A:
            return TextGlyph(scalars: unicode ? ["␊"] : ["\\", "n"], escaped: true, length: 1, endsLine: true)
        case 0x0D:
            return TextGlyph(scalars: unicode ? ["␍"] : ["\\", "r"], escaped: true, length: 1, endsLine: false)
        case 0x09:
            return TextGlyph(scalars: ["\\", "t"], escaped: true, length: 1, endsLine: false)
        case 0xC2...0xF4 where unicode:
            if let (scalar, length) = decode(bytes, at: index), isDrawable(scalar) {
                return TextGlyph(scalars: [scalar], escaped: false, length: length, endsLine: false)
            }
        default:
            break
        }
        return escape(byte)
    }

    private static let hex = Array("0123456789abcdef".unicodeScalars)

    static func escape(_ byte: UInt8) -> TextGlyph {
        TextGlyph(scalars: ["\\", "x", hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], escaped: true, length: 1, endsLine: false)
    }

    /// One valid UTF-8 sequence at `index`, or nil (then each byte is escaped on its own).
    private static func decode(_ bytes: ArraySlice<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + length <= bytes.endIndex else { return nil }
        let sequence = bytes[index..<(index + length)]
        guard let text = String(validating: sequence, as: UTF8.self), let scalar = text.unicodeScalars.first,
              text.unicodeScalars.count == 1 else { return nil }
        return (scalar, length)
    }

    /// Characters that take one column and draw as themselves: no controls, no format or
    /// combining characters, nothing wide (the canvas would show those as `?` anyway).
    private static func isDrawable(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        switch p.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .nonspacingMark, .enclosingMark,
             .spacingMark, .lineSeparator, .paragraphSeparator:
            return false
        default:
            break
        }
        // East Asian wide and emoji: two columns.
        if p.isEmojiPresentation { return false }
        let v = scalar.value
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || v >= 0x20000 { return false }
        return true
    }
}
