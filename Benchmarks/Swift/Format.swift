/// Numbers as the table prints them.
enum Format {
    /// `value` with exactly `digits` decimals (no Foundation, no varargs).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, abs(value) < 1e15, (0...9).contains(digits) else { return "-" }
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        var text = (value < 0 && scaled != 0 ? "-" : "") + "\(scaled / scale)"
        if digits > 0 {
            let fraction = String(scaled % scale)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    static func ratio(_ value: Double) -> String { fixed(value, 2) }
    static func rate(_ gigabytesPerSecond: Double) -> String { fixed(gigabytesPerSecond, 2) + " GB/s" }
    static func milliseconds(_ seconds: Double) -> String { fixed(seconds * 1000, 1) + " ms" }
    static func mebibytes(_ kib: Double) -> String { fixed(kib / 1024, 1) + " MiB" }

    static func bytes(_ count: UInt64) -> String {
        if count >= 1 << 30 && count % (1 << 30) == 0 { return "\(count >> 30) GiB" }
        return count % (1 << 20) == 0 ? "\(count >> 20) MiB" : "\(count) bytes"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
