import Testing
@testable import Inspector

@Suite struct EscapedTextTests {
    @Test func decodesEveryEscape() throws {
        let text = #"a\r\n\t\0\\\"\'\a\b\e\f\v\x41\xfF\u00e9\u20AC z"#
        let expected: [UInt8] = [0x61, 0x0D, 0x0A, 0x09, 0x00, 0x5C, 0x22, 0x27, 0x07, 0x08, 0x1B, 0x0C, 0x0B,
                                 0x41, 0xFF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0x20, 0x7A]
        #expect(try EscapedText.decode(text) == expected)
        // \0 is NUL alone, never octal; \x takes exactly two digits.
        #expect(try EscapedText.decode(#"\01\x411"#) == [0x00, 0x31, 0x41, 0x31])
        #expect(try EscapedText.decode("") == [])
        #expect(try EscapedText.decode("héllo") == Array("héllo".utf8))
    }

    static let escapes = #"\r \n \t \0 \\ \" \' \a \b \e \f \v \xHH \uXXXX"#

    static let errors: [(String, String, Int)] = [
        (#"\q"#, #"unknown escape '\q' at position 1 (expected one of \#(escapes))"#, 1),
        (#"ab\é"#, #"unknown escape '\é' at position 3 (expected one of \#(escapes))"#, 3),
        ("x\\\n", #"unknown escape '\\n' at position 2 (expected one of \#(escapes))"#, 2),
        (#"\x4"#, #"bad escape '\x4' at position 1 (expected \xHH with exactly two hex digits)"#, 1),
        (#"é\xg1"#, #"bad escape '\xg1' at position 2 (expected \xHH with exactly two hex digits)"#, 2),
        (#"\u12"#, #"bad escape '\u12' at position 1 (expected \uXXXX with exactly four hex digits)"#, 1),
        (#"\u123g"#, #"bad escape '\u123g' at position 1 (expected \uXXXX with exactly four hex digits)"#, 1),
        (#"\udfff"#, #"surrogate '\udfff' is not a character at position 1 (expected \uXXXX outside D800...DFFF)"#, 1),
        (#"abc\"#, #"lone backslash at position 4 (expected \\ for a backslash)"#, 4),
    ]

    @Test func reportsBadEscapesWithTheirPosition() {
        for (text, message, position) in Self.errors {
            #expect(throws: CommandError(message: message, column: position), "\(text.debugDescription)") {
                try EscapedText.decode(text)
            }
        }
    }

    @Test func encodesReadably() {
        #expect(EscapedText.encode(Array("GET / HTTP/1.0\r\n".utf8)) == #"GET / HTTP/1.0\r\n"#)
        #expect(EscapedText.encode([0x22, 0x5C, 0x09, 0x00, 0x7F, 0x27, 0xFF]) == #"\"\\\t\0\x7f'\xff"#)
        #expect(EscapedText.encode(Array("é".utf8)) == #"\xc3\xa9"#)
        #expect(EscapedText.encode([]) == "")
    }

    @Test func everySingleByteRoundTrips() throws {
        for byte in UInt8.min...UInt8.max {
            #expect(try EscapedText.decode(EscapedText.encode([byte])) == [byte], "\(byte)")
            #expect(try EscapedText.decode(EscapedText.encode([byte], keepingUnicode: true)) == [byte], "\(byte)")
        }
    }

    @Test func randomArraysRoundTrip() throws {
        var random = ParserTestRandom(seed: 0xE5C)
        for _ in 0..<500 {
            let bytes = random.bytes(maxCount: 64)
            #expect(try EscapedText.decode(EscapedText.encode(bytes)) == bytes, "\(bytes)")
            #expect(try EscapedText.decode(EscapedText.encode(bytes, keepingUnicode: true)) == bytes, "\(bytes)")
        }
        let text = Array("naïve café ✓ 日本 \u{202E}bidi \u{85} 🙂".utf8)
        #expect(try EscapedText.decode(EscapedText.encode(text, keepingUnicode: true)) == text)
        // Bidi overrides and C1 controls are escaped even when keeping Unicode: a saved script
        // must not reorder or hide what is on screen.
        #expect(!EscapedText.encode(text, keepingUnicode: true).unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{85}" })
    }

    @Test func decodingIsLinearOnHostileInput() throws {
        let backslashes = String(repeating: #"\\"#, count: 30_000)
        #expect(try EscapedText.decode(backslashes).count == 30_000)
        let hex = String(repeating: #"\x41"#, count: 16_000)
        #expect(try EscapedText.decode(hex) == Array(repeating: 0x41, count: 16_000))
    }
}
