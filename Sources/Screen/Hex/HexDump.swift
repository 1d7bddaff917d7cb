/// The `hexdump -C` layout: offset, sixteen bytes as two-digit lower-case hex in two groups of
/// eight, then the printable ASCII between bars. Every other byte is a `.` in the ASCII column,
/// so nothing a peer sends can reach the terminal as a control sequence.
///
///     00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|
public enum HexDump {
    public static let bytesPerRow = 16
    /// Rows twice as wide, where the pane has the room (a 200-column terminal would otherwise
    /// show 16 bytes and 100 empty columns).
    public static let wideBytesPerRow = 32

    /// Bytes a row holds in a pane `width` columns wide (its inner width): 32 where such a row
    /// fits with a margin, 16 otherwise.
    public static func bytesPerRow(forWidth width: Int, offsetWidth: Int = 8) -> Int {
        width > rowWidth(offsetWidth: offsetWidth, perRow: wideBytesPerRow) ? wideBytesPerRow : bytesPerRow
    }

    /// Digits of the offset column: eight, or more once offsets pass 4 GiB.
    public static func offsetWidth(for maxOffset: UInt64) -> Int {
        var width = 8
        var limit: UInt64 = 1 << 32
        while maxOffset >= limit && width < 16 {
            width += 1
            limit = width >= 16 ? .max : limit << 4
        }
        return width
    }

    /// Column of byte `index` (0..<perRow)'s first hex digit, from the start of the row: groups
    /// of eight, one blank between groups.
    public static func hexColumn(_ index: Int, offsetWidth: Int = 8) -> Int {
        offsetWidth + 2 + index * 3 + index / 8
    }

    /// Column of byte `index`'s ASCII character.
    public static func asciiColumn(_ index: Int, offsetWidth: Int = 8, perRow: Int = bytesPerRow) -> Int {
        offsetWidth + 2 + perRow * 3 + (perRow / 8 - 1) + 2 + index
    }

    /// Columns a full row takes.
    public static func rowWidth(offsetWidth: Int = 8, perRow: Int = bytesPerRow) -> Int {
        asciiColumn(perRow, offsetWidth: offsetWidth, perRow: perRow) + 1
    }

    /// The printable form of a byte for the ASCII column.
    @inline(__always)
    public static func ascii(_ byte: UInt8) -> UInt8 {
        (0x20...0x7E).contains(byte) ? byte : UInt8(ascii: ".")
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// One row of text for up to sixteen bytes starting at stream offset `offset`.
    public static func row(offset: UInt64, bytes: some Collection<UInt8>, offsetWidth: Int = 8) -> String {
        let count = min(bytes.count, bytesPerRow)
        var out = [UInt8](repeating: UInt8(ascii: " "), count: asciiColumn(count, offsetWidth: offsetWidth) + 1)
        var value = offset
        for i in stride(from: offsetWidth - 1, through: 0, by: -1) {
            out[i] = digits[Int(value & 0xF)]
            value >>= 4
        }
        var i = 0
        for byte in bytes.prefix(count) {
            let h = hexColumn(i, offsetWidth: offsetWidth)
            out[h] = digits[Int(byte >> 4)]
            out[h + 1] = digits[Int(byte & 0xF)]
            out[asciiColumn(i, offsetWidth: offsetWidth)] = ascii(byte)
            i += 1
        }
        out[asciiColumn(0, offsetWidth: offsetWidth) - 1] = UInt8(ascii: "|")
        out[asciiColumn(count, offsetWidth: offsetWidth)] = UInt8(ascii: "|")
        return String(decoding: out, as: UTF8.self)
    }
}
