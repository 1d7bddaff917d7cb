/// How an `expect` shows bytes in its messages and Log line: the first `limit` of them, escaped
/// and quoted, and how many it left out. A mismatch against a 2 MiB read is one readable line
/// (the transcript's event still holds every byte), not megabytes of escapes.
enum ExpectPreview {
    /// Bytes shown at most; a few lines of a terminal once escaped.
    static let limit = 256

    static func text(_ bytes: [UInt8]) -> String {
        EventText.preview(bytes, limit: limit)
    }

    /// The same for `expect hex`'s bytes, as hex digits.
    static func hex(_ bytes: [UInt8]) -> String {
        let shown = HexText.encode(Array(bytes.prefix(limit)), separator: " ")
        guard bytes.count > limit else { return shown }
        return shown + "... (\(bytes.count) bytes, \(bytes.count - limit) not shown)"
    }
}
