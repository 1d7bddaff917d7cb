/// Finding a byte pattern in captured bytes, forwards or backwards from a previous match.
enum ByteSearch {
    /// The index of the next occurrence after `after` (or the first, from the start), or the
    /// previous one before it when `backwards`. Wraps around once.
    static func find(_ pattern: [UInt8], in bytes: [UInt8], after: Int?, backwards: Bool) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        let last = bytes.count - pattern.count
        func matches(at i: Int) -> Bool {
            var k = 0
            while k < pattern.count, bytes[i + k] == pattern[k] { k += 1 }
            return k == pattern.count
        }
        if backwards {
            let start = min(last, (after ?? bytes.count) - 1)
            for i in stride(from: start, through: 0, by: -1) where matches(at: i) { return i }
            for i in stride(from: last, to: max(start, -1), by: -1) where matches(at: i) { return i }
        } else {
            let start = after.map { $0 + 1 } ?? 0
            if start <= last { for i in start...last where matches(at: i) { return i } }
            for i in 0..<min(start, last + 1) where matches(at: i) { return i }
        }
        return nil
    }
}
