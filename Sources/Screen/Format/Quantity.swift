import Inspector
import TcpModel

/// Numbers as a person reads them on a crowded screen.
public enum Quantity {
    /// A byte count in a narrow column: `0`, `999`, then the one size style, `1.2 KiB`, `34 MiB`.
    public static func bytes<T: BinaryInteger>(_ value: T) -> String {
        value < 1024 ? "\(value)" : HumanText.size(value)
    }

    /// `1,234,567`: exact counts with thousands separated.
    public static func grouped<T: BinaryInteger>(_ value: T) -> String {
        let digits = Array(String(value).utf8)
        var out: [UInt8] = []
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0, d != UInt8(ascii: "-") { out.append(UInt8(ascii: ",")) }
            out.append(d)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `850ms`, `3.2s`, `1m05s`: an elapsed time that counts up on the screen, so whole
    /// milliseconds below a second and tenths above (a ticking hundredth only flickers).
    public static func elapsed(_ d: Duration) -> String {
        let ms = max(0, d.wholeMilliseconds)
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 { return "\(ms / 1000).\(ms % 1000 / 100)s" }
        let s = ms / 1000
        return "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s"
    }

    /// A rate in bytes per second, sizes in the one style: `0 B/s`, `12.3 MiB/s`.
    public static func rate(_ bytesPerSecond: UInt64) -> String {
        HumanText.size(bytesPerSecond) + "/s"
    }
}
