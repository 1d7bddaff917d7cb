import TcpModel

/// Numbers as a person reads them on a crowded screen.
public enum Quantity {
    /// `0`, `999`, `1.2K`, `34K`, `5.6M`, `7.8G`: at most five characters.
    public static func bytes<T: BinaryInteger>(_ value: T) -> String {
        let v = Double(value)
        if v < 1000 { return "\(value)" }
        for (limit, unit) in [(1e6, "K"), (1e9, "M"), (1e12, "G"), (1e15, "T")] where v < limit {
            let scaled = v / (limit / 1000)
            return scaled < 10 ? "\((scaled * 10).rounded(.down) / 10)\(unit)" : "\(Int(scaled))\(unit)"
        }
        return "\(Int(v / 1e15))P"
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

    /// `850ms`, `3.2s`, `1m05s`: an elapsed time, short.
    public static func elapsed(_ d: Duration) -> String {
        let ms = max(0, d.wholeMilliseconds)
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 { return "\(ms / 1000).\(ms % 1000 / 100)s" }
        let s = ms / 1000
        return "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s"
    }

    /// A rate in bytes per second: `0 B/s`, `12.3 MB/s`.
    public static func rate(_ bytesPerSecond: UInt64) -> String {
        let v = Double(bytesPerSecond)
        if v < 1000 { return "\(bytesPerSecond) B/s" }
        for (limit, unit) in [(1e6, "KB/s"), (1e9, "MB/s"), (1e12, "GB/s")] where v < limit {
            return "\((v / (limit / 1000) * 10).rounded() / 10) \(unit)"
        }
        return "\(Int(v / 1e12)) TB/s"
    }
}
