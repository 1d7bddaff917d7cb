/// Byte counts as people type them: `4096`, `4k` (or `4K`, `4KiB`) = 4096, `1m` (`1MiB`),
/// `1g` (`1GiB`). Suffixes are binary, because every size here (buffers, reads) is counted in
/// powers of two by the kernel and by the people reading its numbers.
public enum ByteCountText {
    /// Parses `text` and checks it against `range`. Negative numbers, fractions, unknown
    /// suffixes and values that overflow are errors, as is anything outside `range`.
    public static func parse(_ text: String, range: ClosedRange<Int>) throws(CommandError) -> Int {
        do throws(TextFault) {
            return try parsing(text, range: range)
        } catch {
            throw error.standalone(in: Array(text.utf8))
        }
    }

    /// The exact short form: `16MiB`, `4KiB`, `1GiB`, or plain digits when no suffix fits.
    public static func format(_ count: Int) -> String {
        for (suffix, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where count != 0 && count % factor == 0 {
            return "\(count / factor)\(suffix)"
        }
        return "\(count)"
    }

    static let expectedForm = "a number of bytes such as 4096, 4k or 1MiB"

    private static let suffixes: [(name: String, factor: Int)] = [
        ("", 1), ("b", 1), ("k", 1 << 10), ("kib", 1 << 10), ("m", 1 << 20), ("mib", 1 << 20),
        ("g", 1 << 30), ("gib", 1 << 30),
    ]

    /// `range` as messages show it: `1...16MiB`.
    static func describe(_ range: ClosedRange<Int>) -> String {
        "\(format(range.lowerBound))...\(format(range.upperBound))"
    }

    /// `parse`, for callers that add their own context to the message.
    static func parsing(_ text: String, range: ClosedRange<Int>) throws(TextFault) -> Int {
        let quoted = MessageText.quoted(text)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw TextFault("empty byte count", expected: expectedForm) }
        let digitsEnd = bytes.firstIndex { !ASCII.isDigit($0) } ?? bytes.count
        let digits = bytes[..<digitsEnd]
        let suffix = String(decoding: bytes[digitsEnd...], as: UTF8.self).lowercased()
        if bytes.first == UInt8(ascii: "-") {
            throw TextFault("\(quoted) is negative", expected: describe(range))
        }
        guard !digits.isEmpty else { throw TextFault("\(quoted) is not a byte count", expected: expectedForm) }
        if suffix.first == "." {
            throw TextFault("\(quoted) is not a whole number of bytes", expected: expectedForm)
        }
        guard let factor = suffixes.first(where: { $0.name == suffix })?.factor else {
            throw TextFault("\(quoted) has an unknown suffix \(MessageText.quoted(suffix))", expected: "k, KiB, m, MiB, g or GiB")
        }
        guard case .value(let number) = DecimalText.parse(digits) else {
            throw TextFault("\(quoted) is out of range", expected: describe(range))
        }
        let (count, overflow) = number.multipliedReportingOverflow(by: factor)
        guard !overflow, range.contains(count) else {
            throw TextFault("\(quoted) is out of range", expected: describe(range))
        }
        return count
    }
}
