import Testing
@testable import Inspector

@Suite struct ByteCountTextTests {
    static let anything = 0...Int.max

    @Test func parsesEveryForm() throws {
        let good: [(String, Int)] = [
            ("4096", 4096), ("4k", 4096), ("4K", 4096), ("4KiB", 4096), ("4kib", 4096), ("1m", 1 << 20), ("1MiB", 1 << 20),
            ("2g", 2 << 30), ("1GiB", 1 << 30), ("0", 0), ("007", 7), ("12b", 12),
        ]
        for (text, count) in good {
            #expect(try ByteCountText.parse(text, range: Self.anything) == count, "\(text)")
        }
    }

    @Test func refusesBadCounts() {
        let byteCount = "(expected a number of bytes such as 4096, 4k or 1MiB)"
        let bad: [(String, ClosedRange<Int>, String)] = [
            ("", Self.anything, "empty byte count \(byteCount)"),
            ("-1", 1...10, "'-1' is negative (expected 1...10)"),
            ("abc", 1...10, "'abc' is not a byte count \(byteCount)"),
            ("k", 1...10, "'k' is not a byte count \(byteCount)"),
            ("1.5k", 1...10, "'1.5k' is not a whole number of bytes \(byteCount)"),
            ("4kb", 1...10, "'4kb' has an unknown suffix 'kb' (expected k, KiB, m, MiB, g or GiB)"),
            ("4 k", 1...10, "'4 k' has an unknown suffix ' k' (expected k, KiB, m, MiB, g or GiB)"),
            ("11", 1...10, "'11' is out of range (expected 1...10)"),
            ("0", 1...(16 << 20), "'0' is out of range (expected 1...16MiB)"),
            ("99999999999999999999", Self.anything, "'99999999999999999999' is out of range (expected 0...\(Int.max))"),
            ("9999999999999999999g", Self.anything, "'9999999999999999999g' is out of range (expected 0...\(Int.max))"),
            ("9000000000000000000k", Self.anything, "'9000000000000000000k' is out of range (expected 0...\(Int.max))"),
        ]
        for (text, range, message) in bad {
            #expect(throws: CommandError(message: message), "\(text.debugDescription)") {
                try ByteCountText.parse(text, range: range)
            }
        }
    }

    @Test func formatsExactly() {
        #expect(ByteCountText.format(16 << 20) == "16MiB")
        #expect(ByteCountText.format(4096) == "4KiB")
        #expect(ByteCountText.format(1 << 30) == "1GiB")
        #expect(ByteCountText.format(1000) == "1000")
        #expect(ByteCountText.format(0) == "0")
    }
}
