/// Numbers as a person reads them in messages, the Log and on the screen, in one style
/// everywhere: durations to three significant digits (`4.57s`, `17.7ms`, `252ms`), sizes in
/// binary units with a space (`4 KiB`, `1.2 MiB`, `999 B`), and counts with their noun in the
/// right number (`1 stream`, `2 streams`). Script text keeps its exact forms (`DurationText`,
/// `ByteCountText`), which parse back.
public enum HumanText {
    /// `4.57s`, `17.7ms`, `252ms`, `33us`, `850ns`, `2m30s`, `1h05m`.
    public static func duration(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        if nanoseconds < 0 { return "-" + duration(.zero - d) }
        if nanoseconds == 0 { return "0s" }
        if nanoseconds < 1e3 { return "\(Int(nanoseconds.rounded()))ns" }
        if nanoseconds < 1e6 { return significant(nanoseconds / 1e3, unit: "us", next: "ms") }
        if nanoseconds < 1e9 { return significant(nanoseconds / 1e6, unit: "ms", next: "s") }
        if nanoseconds < 60e9 {
            let text = significant(nanoseconds / 1e9, unit: "s", next: nil)
            if text != "60s" { return text }
        }
        let totalSeconds = Int((nanoseconds / 1e9).rounded())
        if totalSeconds < 3600 {
            let s = totalSeconds % 60
            return "\(totalSeconds / 60)m" + (s == 0 ? "" : (s < 10 ? "0\(s)s" : "\(s)s"))
        }
        let minutes = (totalSeconds + 30) / 60
        let m = minutes % 60
        return "\(minutes / 60)h" + (m == 0 ? "" : (m < 10 ? "0\(m)m" : "\(m)m"))
    }

    /// `999 B`, `4 KiB`, `1.2 MiB`, `34.5 KiB`, `1 GiB`.
    public static func size<T: BinaryInteger>(_ count: T) -> String {
        let value = Double(count)
        guard value >= 1024 || value <= -1024 else { return "\(count) B" }
        var scaled = value
        for unit in ["KiB", "MiB", "GiB", "TiB", "PiB"] {
            scaled /= 1024
            if abs(scaled) < 1024 || unit == "PiB" {
                let text = significant(scaled, unit: "", next: nil)
                // 1023.9 KiB rounds to 1024: say 1 MiB instead.
                if text == "1024", unit != "PiB" { continue }
                return "\(text) \(unit)"
            }
        }
        return "\(count) B"
    }

    /// `1 stream`, `2 streams`; `pluralForm` for nouns that do not take an s.
    public static func count<T: BinaryInteger>(_ n: T, _ singular: String, _ pluralForm: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : pluralForm ?? singular + "s")"
    }

    /// `value` to three significant digits, trailing zeros dropped, with `unit`; when rounding
    /// reaches 1000 and there is a `next` unit, the value is said in that one.
    private static func significant(_ value: Double, unit: String, next: String?) -> String {
        let decimals = value < 10 ? 2 : value < 100 ? 1 : 0
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        if rounded >= 1000, let next { return significant(rounded / 1000, unit: next, next: nil) }
        var text = decimals == 0 ? "\(Int(rounded))" : String(rounded)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + unit
    }
}
