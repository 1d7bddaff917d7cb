/// Byte offsets into UTF-8 text, turned into what people count: columns of Unicode scalars.
/// Everything is parsed as bytes (linear and simple); columns are worked out only for errors.
enum TextPosition {
    /// The 1-based column of the scalar that starts at `offset`.
    static func column(ofByte offset: Int, in bytes: [UInt8]) -> Int {
        var column = 1
        var index = 0
        let end = min(max(offset, 0), bytes.count)
        while index < end {
            if !isContinuation(bytes[index]) { column += 1 }
            index += 1
        }
        return column
    }

    /// Up to `limit` whole scalars starting at `offset`, as text for a message.
    static func scalars(in bytes: ArraySlice<UInt8>, from offset: Int, limit: Int) -> String {
        var end = max(offset, bytes.startIndex)
        var count = 0
        while end < bytes.endIndex {
            if !isContinuation(bytes[end]) {
                if count == limit { break }
                count += 1
            }
            end += 1
        }
        return String(decoding: bytes[min(offset, end)..<end], as: UTF8.self)
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
