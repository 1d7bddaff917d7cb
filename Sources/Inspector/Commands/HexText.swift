/// Bytes written as hex digits: `0d0a`, `0d 0a`, `de:ad:be:ef`, `DE AD`, `0x0d 0x0a`.
///
/// Separators (space, tab, `:`, `-`, `,`) may stand only between whole bytes, so a digit
/// without its partner is always reported rather than silently paired with the next group.
public enum HexText {
    /// The bytes `text` writes. A non-hex character, a digit without its partner, or no digits
    /// at all is an error naming the character and its 1-based position.
    public static func decode(_ text: String) throws(CommandError) -> [UInt8] {
        try TextFault.decodeStandalone(text) { bytes throws(TextFault) in try decode(bytes) }
    }

    /// Lower-case hex, two digits a byte, with `separator` between bytes.
    public static func encode(_ bytes: [UInt8], separator: String = "") -> String {
        if separator.isEmpty { return bytes.withUnsafeBytes { HexDigits.string($0) } }
        var out = ""
        out.reserveCapacity(bytes.count * (2 + separator.utf8.count))
        for (index, byte) in bytes.enumerated() {
            if index > 0 { out += separator }
            out += twoDigits(byte)
        }
        return out
    }

    static let expectedForm = "pairs of hex digits such as 0d0a or de ad"

    static func twoDigits(_ byte: UInt8) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// Decodes a slice of a larger buffer; fault offsets are indices in that buffer. Linear.
    static func decode(_ text: ArraySlice<UInt8>) throws(TextFault) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var high: (value: UInt8, offset: Int)?
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if let digit = ASCII.hexValue(byte) {
                if let pending = high {
                    out.append(pending.value << 4 | digit)
                    high = nil
                } else {
                    high = (digit, index)
                }
                index += 1
                continue
            }
            if isSeparator(byte) {
                if let pending = high { throw loneDigit(text, at: pending.offset) }
                index += 1
                continue
            }
            // A `0x` in front of a group is a habit from C, not a digit: skip it.
            if byte | 0x20 == UInt8(ascii: "x"), let pending = high, pending.value == 0, pending.offset == index - 1,
               isGroupStart(text, pending.offset), index + 1 < text.endIndex, ASCII.hexValue(text[index + 1]) != nil {
                high = nil
                index += 1
                continue
            }
            let shown = TextPosition.scalars(in: text, from: index, limit: 1)
            throw TextFault("\(MessageText.quoted(shown)) is not a hex digit", at: index, expected: expectedForm)
        }
        if let pending = high { throw loneDigit(text, at: pending.offset) }
        if out.isEmpty { throw TextFault("no hex digits", expected: expectedForm) }
        return out
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        ASCII.isWhitespace(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",")
    }

    private static func isGroupStart(_ text: ArraySlice<UInt8>, _ index: Int) -> Bool {
        index == text.startIndex || isSeparator(text[index - 1])
    }

    private static func loneDigit(_ text: ArraySlice<UInt8>, at offset: Int) -> TextFault {
        let shown = TextPosition.scalars(in: text, from: offset, limit: 1)
        return TextFault("lone hex digit \(MessageText.quoted(shown))", at: offset, expected: "two hex digits for each byte")
    }
}
