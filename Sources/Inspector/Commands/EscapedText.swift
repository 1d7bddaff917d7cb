/// Text with C escapes, as `send` and `expect text` take it and as saved scripts write it.
///
/// Escapes: `\r \n \t \0 \\ \" \' \a \b \e \f \v`, `\xHH` (exactly two hex digits, any byte)
/// and `\uXXXX` (exactly four hex digits, written out as UTF-8). `\0` is only NUL, never the
/// start of an octal number, so `\01` is NUL followed by `1`. Everything else, including
/// non-ASCII text, stands for its own UTF-8 bytes.
public enum EscapedText {
    /// The bytes `text` stands for. An unknown escape, a malformed `\x` or `\u`, or a lone
    /// backslash at the end is an error naming it and its 1-based position.
    public static func decode(_ text: String) throws(CommandError) -> [UInt8] {
        try TextFault.decodeStandalone(text) { bytes throws(TextFault) in try decode(bytes) }
    }

    /// Text that `decode` turns back into exactly `bytes`: printable ASCII as itself, `"` and
    /// `\` escaped, `\r \n \t \0` by name, every other byte as `\xHH`.
    public static func encode(_ bytes: [UInt8]) -> String {
        encode(bytes, keepingUnicode: false)
    }

    /// The escapes `decode` knows, for messages and help.
    static let knownEscapes = #"\r \n \t \0 \\ \" \' \a \b \e \f \v \xHH \uXXXX"#

    /// `encode`, optionally keeping valid, drawable UTF-8 as itself so that a saved script
    /// shows `"héllo"` rather than `"h\xc3\xa9llo"`. Either way `decode` gives back `bytes`.
    static func encode(_ bytes: [UInt8], keepingUnicode: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x22: out += [0x5C, 0x22]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x00: out += [0x5C, UInt8(ascii: "0")]
            case 0x20...0x7E: out.append(byte)
            default:
                if keepingUnicode, let length = drawableScalarLength(bytes, at: index) {
                    out += bytes[index..<(index + length)]
                    index += length
                    continue
                }
                out += [0x5C, UInt8(ascii: "x")] + Array(HexText.twoDigits(byte).utf8)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a slice of a larger buffer; fault offsets are indices in that buffer, so the
    /// tokenizer can report columns in the command line. Linear in the slice's length.
    static func decode(_ text: ArraySlice<UInt8>) throws(TextFault) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            guard byte == 0x5C else {
                out.append(byte)
                index += 1
                continue
            }
            let next = index + 1
            guard next < text.endIndex else {
                throw TextFault("lone backslash", at: index, expected: #"\\ for a backslash"#)
            }
            if let simple = simpleEscape(text[next]) {
                out.append(simple)
                index += 2
                continue
            }
            switch text[next] {
            case UInt8(ascii: "x"):
                guard let value = hexNumber(text, from: next + 1, digits: 2) else {
                    throw badEscape(text, at: index, scalars: 4, rule: "\\xHH with exactly two hex digits")
                }
                out.append(UInt8(truncatingIfNeeded: value))
                index += 4
            case UInt8(ascii: "u"):
                guard let value = hexNumber(text, from: next + 1, digits: 4) else {
                    throw badEscape(text, at: index, scalars: 6, rule: "\\uXXXX with exactly four hex digits")
                }
                guard let scalar = Unicode.Scalar(value) else {
                    let shown = TextPosition.scalars(in: text, from: index, limit: 6)
                    throw TextFault("surrogate \(MessageText.quoted(shown)) is not a character", at: index,
                                    expected: "\\uXXXX outside D800...DFFF")
                }
                UTF8.encode(scalar) { out.append($0) }
                index += 6
            default:
                let shown = TextPosition.scalars(in: text, from: index, limit: 2)
                throw TextFault("unknown escape \(MessageText.quoted(shown))", at: index,
                                expected: "one of \(knownEscapes)")
            }
        }
        return out
    }

    private static func simpleEscape(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "0"): 0x00
        case UInt8(ascii: "\\"): 0x5C
        case UInt8(ascii: "\""): 0x22
        case UInt8(ascii: "'"): 0x27
        case UInt8(ascii: "a"): 0x07
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "e"): 0x1B
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "v"): 0x0B
        default: nil
        }
    }

    /// Exactly `digits` hex digits at `start`, or nil.
    private static func hexNumber(_ text: ArraySlice<UInt8>, from start: Int, digits: Int) -> UInt32? {
        guard start + digits <= text.endIndex else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + digits) {
            guard let digit = ASCII.hexValue(text[index]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func badEscape(_ text: ArraySlice<UInt8>, at index: Int, scalars: Int, rule: String) -> TextFault {
        let shown = TextPosition.scalars(in: text, from: index, limit: scalars)
        return TextFault("bad escape \(MessageText.quoted(shown))", at: index, expected: rule)
    }

    /// The length of the valid UTF-8 sequence at `index` when it encodes a drawable scalar
    /// beyond ASCII.
    private static func drawableScalarLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let sequence = bytes[index..<(index + length)]
        // Validating decoding rejects overlong forms and surrogates, which would not survive a
        // trip through a text file.
        guard let text = String(validating: sequence, as: UTF8.self),
              let scalar = text.unicodeScalars.first,
              text.unicodeScalars.count == 1,
              MessageText.isDrawable(scalar)
        else { return nil }
        return length
    }
}
