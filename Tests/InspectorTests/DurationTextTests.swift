import Testing
@testable import Inspector

@Suite struct DurationTextTests {
    static let good: [(String, Duration)] = [
        ("250ms", .milliseconds(250)), ("2s", .seconds(2)), ("1.5s", .milliseconds(1500)), ("500us", .microseconds(500)),
        ("500µs", .microseconds(500)), ("1m", .seconds(60)), ("2m30s", .seconds(150)), ("1h", .seconds(3600)),
        ("1h2m3s", .seconds(3723)), ("1h30.5s", .milliseconds(3_630_500)), ("24h", .seconds(86_400)),
        ("1ns", .nanoseconds(1)), ("0.000000001s", .nanoseconds(1)), ("1.500000000s", .milliseconds(1500)),
        ("0.5m", .seconds(30)), ("0.1h", .seconds(360)), ("1.25ms", .microseconds(1250)), ("007s", .seconds(7)),
        ("2S", .seconds(2)), ("250MS", .milliseconds(250)), ("86400s", .seconds(86_400)), ("1440m", .seconds(86_400)),
    ]

    @Test func parsesEveryForm() throws {
        for (text, duration) in Self.good {
            #expect(try DurationText.parse(text) == duration, "\(text)")
        }
    }

    @Test func zeroOnlyWhenAllowed() throws {
        #expect(try DurationText.parse("0", allowZero: true) == .zero)
        #expect(try DurationText.parse("0s", allowZero: true) == .zero)
        #expect(try DurationText.parse("0ms", allowZero: true) == .zero)
        let expected = "(expected a duration such as 2s, 250ms or 1m30s)"
        #expect(throws: CommandError(message: "'0' must be greater than zero \(expected)")) { try DurationText.parse("0") }
        #expect(throws: CommandError(message: "'0s' must be greater than zero \(expected)")) { try DurationText.parse("0s") }
        #expect(throws: CommandError(message: "'-1s' is negative (expected 0s or more)")) {
            try DurationText.parse("-1s", allowZero: true)
        }
    }

    static let bad: [(String, String)] = [
        ("", "empty duration (expected a duration such as 2s, 250ms or 1m30s)"),
        ("5", "'5' has no unit (expected a unit, e.g. 5s or 5ms)"),
        ("1.5", "'1.5' has no unit (expected a unit, e.g. 1.5s or 1.5ms)"),
        ("5 s", "'5 s' contains a space (expected the unit right after the number, e.g. 5s)"),
        ("-1s", "'-1s' is negative (expected more than zero)"),
        ("+1s", "'+1s' is not a duration (expected a duration such as 2s, 250ms or 1m30s)"),
        ("1.5.5s", "'1.5.5s' is not a duration: a number has at most one decimal point (expected a duration such as 2s, 250ms or 1m30s)"),
        ("1.s", "'1.s' is not a duration (expected a duration such as 2s, 250ms or 1m30s)"),
        ("99999999999999999999s", "'99999999999999999999s' is too long (expected at most 24h)"),
        ("9223372036854775807h", "'9223372036854775807h' is too long (expected at most 24h)"),
        ("86400.000000001s", "'86400.000000001s' is too long (expected at most 24h)"),
        ("2d", "'2d' has an unknown unit 'd' (expected ns, us, ms, s, m or h)"),
        ("5sec", "'5sec' has an unknown unit 'sec' (expected ns, us, ms, s, m or h)"),
        ("1m1h", "'1m1h' has its units out of order (expected the largest unit first, each once, e.g. 2m30s)"),
        ("0.1ns", "'0.1ns' is finer than a nanosecond (expected a duration such as 2s, 250ms or 1m30s)"),
        ("1.0000000001s", "'1.0000000001s' is finer than a nanosecond (expected a duration such as 2s, 250ms or 1m30s)"),
    ]

    @Test func refusesBadDurations() {
        for (text, message) in Self.bad {
            #expect(throws: CommandError(message: message), "\(text.debugDescription)") { try DurationText.parse(text) }
        }
    }

    static let formatted: [(Duration, String)] = [
        (.zero, "0s"), (.nanoseconds(1), "1ns"), (.nanoseconds(1500), "1.5us"), (.microseconds(500), "500us"),
        (.milliseconds(250), "250ms"), (.milliseconds(252), "252ms"), (.microseconds(1250), "1.25ms"),
        (.seconds(2), "2s"), (.milliseconds(1500), "1.5s"), (.seconds(90), "1m30s"), (.seconds(60), "1m"),
        (.seconds(3600), "1h"), (.seconds(3723), "1h2m3s"), (.milliseconds(90_500), "1m30.5s"),
        (.seconds(-2), "-2s"), (.milliseconds(-1500), "-1.5s"), (.seconds(172_800), "48h"),
    ]

    @Test func formatsShortAndExact() {
        for (duration, text) in Self.formatted {
            #expect(DurationText.format(duration) == text)
        }
    }

    @Test func formatParsesBack() throws {
        var random = ParserTestRandom(seed: 0xD0)
        for _ in 0..<1000 {
            let magnitude = Int64.random(in: 0...13, using: &random)
            var limit: Int64 = 1
            for _ in 0..<magnitude { limit *= 10 }
            let duration = Duration.nanoseconds(Int64.random(in: 1...min(limit, 86_400_000_000_000), using: &random))
            #expect(try DurationText.parse(DurationText.format(duration)) == duration, "\(DurationText.format(duration))")
        }
    }
}
