/// Decimal integers as typed: digits, optionally after a minus sign. Unlike `Int(_:)` it tells
/// "too large" apart from "not a number", so messages can say "out of range" for
/// `99999999999999999999` instead of "not a number".
enum DecimalText {
    enum Value: Equatable {
        case value(Int)
        case negative
        case tooLarge
        case notANumber
    }

    static func parse(_ bytes: some Collection<UInt8>) -> Value {
        var digits = bytes[...]
        var negative = false
        if digits.first == UInt8(ascii: "-") {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(ASCII.isDigit) else { return .notANumber }
        var value = 0
        for digit in digits {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(digit - 0x30))
            if overflow1 || overflow2 { return negative ? .negative : .tooLarge }
            value = sum
        }
        if negative { return value == 0 ? .value(0) : .negative }
        return .value(value)
    }

    static func parse(_ text: String) -> Value { parse(text.utf8) }
}
