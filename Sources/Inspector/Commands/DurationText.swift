/// Durations as people type them: `250ms`, `2s`, `1.5s`, `500us`, `1m`, `2m30s`, `1h`.
///
/// Units are `ns`, `us` (or `µs`), `ms`, `s`, `m` and `h`, in any letter case; several parts go
/// from the largest unit to the smallest, and only the last may have a fraction. A number
/// without a unit is refused, because `sleep 5` could mean seconds or milliseconds and a guess
/// would teach the wrong thing. Durations are exact to the nanosecond and at most one day.
public enum DurationText {
    /// The longest duration the language accepts: a day, far beyond any sensible timeout, and
    /// small enough that no arithmetic on it can overflow.
    public static let maximum = Duration.seconds(86_400)

    /// Parses `text`. Zero (`0`, `0s`) is accepted only with `allowZero` (e.g. `set linger 0s`);
    /// negative, longer than a day, finer than a nanosecond, unknown units and bare numbers are
    /// errors.
    public static func parse(_ text: String, allowZero: Bool = false) throws(CommandError) -> Duration {
        do throws(TextFault) {
            return try parsing(text, allowZero: allowZero)
        } catch {
            throw error.standalone(in: Array(text.utf8))
        }
    }

    /// The shortest exact form that `parse` reads back to the same duration: `250ms`, `2s`,
    /// `1.5s`, `1m30s`, `1h`, `0s`. Sub-nanosecond parts are dropped.
    public static func format(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        let nanoseconds = (Int128(seconds) * 1_000_000_000_000_000_000 + Int128(attoseconds)) / 1_000_000_000
        return nanoseconds < 0 ? "-" + format(nanoseconds: -nanoseconds) : format(nanoseconds: nanoseconds)
    }

    static let expectedForm = "a duration such as 2s, 250ms or 1m30s"

    private static let units: [(name: String, nanoseconds: Int128)] = [
        ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
        ("ms", 1_000_000), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ns", 1),
    ]

    private static let maximumNanoseconds: Int128 = 86_400_000_000_000

    /// `parse`, for callers that add their own context to the message.
    static func parsing(_ text: String, allowZero: Bool = false) throws(TextFault) -> Duration {
        let quoted = MessageText.quoted(text)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw TextFault("empty duration", expected: expectedForm) }
        if bytes.contains(where: ASCII.isWhitespace) {
            throw TextFault("\(quoted) contains a space", expected: "the unit right after the number, e.g. 5s")
        }
        if bytes.first == UInt8(ascii: "-") {
            throw TextFault("\(quoted) is negative", expected: allowZero ? "0s or more" : "more than zero")
        }
        // Zero needs no unit: it is zero in all of them.
        if bytes.allSatisfy({ $0 == UInt8(ascii: "0") }) {
            guard allowZero else { throw TextFault("\(quoted) must be greater than zero", expected: expectedForm) }
            return .zero
        }

        var total: Int128 = 0
        var index = 0
        var previousUnit: Int128?
        var hadFraction = false
        while index < bytes.count {
            if hadFraction {
                throw TextFault("\(quoted) has a fraction before its last part", expected: "a fraction only in the last part, e.g. 1m30.5s")
            }
            // Number: digits, optionally a point and more digits.
            let integerStart = index
            while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
            let integerDigits = bytes[integerStart..<index]
            var fractionDigits = bytes[index..<index]
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < bytes.count, ASCII.isDigit(bytes[index]) { index += 1 }
                fractionDigits = bytes[fractionStart..<index]
                hadFraction = true
                if fractionDigits.isEmpty { throw TextFault("\(quoted) is not a duration", expected: expectedForm) }
            }
            guard !integerDigits.isEmpty else { throw TextFault("\(quoted) is not a duration", expected: expectedForm) }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                throw TextFault("\(quoted) is not a duration: a number has at most one decimal point", expected: expectedForm)
            }

            // Unit: the letters that follow.
            let unitStart = index
            while index < bytes.count, !ASCII.isDigit(bytes[index]), bytes[index] != UInt8(ascii: ".") { index += 1 }
            let unitText = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard !unitText.isEmpty else {
                guard integerStart == 0 else {
                    throw TextFault("\(quoted) has no unit after its last number", expected: "a unit: ns, us, ms, s, m or h")
                }
                // Suggest the user's own number with units, unless it is too long to repeat.
                let example = bytes.count <= 12 ? "a unit, e.g. \(text)s or \(text)ms" : "a unit: ns, us, ms, s, m or h"
                throw TextFault("\(quoted) has no unit", expected: example)
            }
            guard let unit = units.first(where: { $0.name == unitText.lowercased() })?.nanoseconds else {
                throw TextFault("\(quoted) has an unknown unit \(MessageText.quoted(unitText))", expected: "ns, us, ms, s, m or h")
            }
            if let previousUnit, unit >= previousUnit {
                throw TextFault("\(quoted) has its units out of order", expected: "the largest unit first, each once, e.g. 2m30s")
            }
            previousUnit = unit

            total += try nanoseconds(integerDigits, fractionDigits, unit: unit, quoted: quoted)
            if total > maximumNanoseconds {
                throw TextFault("\(quoted) is too long", expected: "at most 24h")
            }
        }
        if total == 0, !allowZero {
            throw TextFault("\(quoted) must be greater than zero", expected: expectedForm)
        }
        // total is at most a day in nanoseconds, far inside Int64.
        return .nanoseconds(Int64(total))
    }

    /// One part's value. Callers bound the result to a day, so 18 integer digits (below
    /// Int64.max) and 9 fraction digits are all that can matter; more is reported, not wrapped.
    private static func nanoseconds(_ integerDigits: ArraySlice<UInt8>, _ fractionDigits: ArraySlice<UInt8>,
                                    unit: Int128, quoted: String) throws(TextFault) -> Int128 {
        let significantInteger = integerDigits.drop { $0 == UInt8(ascii: "0") }
        guard significantInteger.count <= 18 else { throw TextFault("\(quoted) is too long", expected: "at most 24h") }
        var fraction = fractionDigits
        while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
        guard fraction.count <= 9 else {
            throw TextFault("\(quoted) is finer than a nanosecond", expected: expectedForm)
        }
        let integer = digitsValue(significantInteger)
        var scale: Int128 = 1
        for _ in 0..<fraction.count { scale *= 10 }
        let fractionTimesUnit = digitsValue(fraction) * unit
        guard fractionTimesUnit % scale == 0 else {
            throw TextFault("\(quoted) is finer than a nanosecond", expected: expectedForm)
        }
        return integer * unit + fractionTimesUnit / scale
    }

    private static func digitsValue(_ digits: ArraySlice<UInt8>) -> Int128 {
        var value: Int128 = 0
        for digit in digits { value = value * 10 + Int128(digit - 0x30) }
        return value
    }

    private static func format(nanoseconds n: Int128) -> String {
        switch n {
        case 0: return "0s"
        case ..<1_000: return "\(n)ns"
        case ..<1_000_000: return decimal(n, unit: 1_000, digits: 3) + "us"
        case ..<1_000_000_000: return decimal(n, unit: 1_000_000, digits: 6) + "ms"
        case ..<60_000_000_000: return decimal(n, unit: 1_000_000_000, digits: 9) + "s"
        default:
            let hours = n / 3_600_000_000_000
            let minutes = n % 3_600_000_000_000 / 60_000_000_000
            let rest = n % 60_000_000_000
            var out = ""
            if hours > 0 { out += "\(hours)h" }
            if minutes > 0 { out += "\(minutes)m" }
            if rest > 0 { out += decimal(rest, unit: 1_000_000_000, digits: 9) + "s" }
            return out
        }
    }

    /// `n / unit` with the remainder as decimal digits, trailing zeros dropped: 1500, 1000 -> "1.5".
    private static func decimal(_ n: Int128, unit: Int128, digits: Int) -> String {
        let whole = n / unit
        let remainder = n % unit
        guard remainder > 0 else { return "\(whole)" }
        var fraction = Array("\(remainder)".utf8)
        while fraction.count < digits { fraction.insert(UInt8(ascii: "0"), at: 0) }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        return "\(whole)." + String(decoding: fraction, as: UTF8.self)
    }
}
