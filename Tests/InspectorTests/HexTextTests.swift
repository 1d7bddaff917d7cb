import Testing
@testable import Inspector

@Suite struct HexTextTests {
    @Test func decodesEveryForm() throws {
        let deadbeef: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        for text in ["deadbeef", "DEADBEEF", "de ad be ef", "de:ad:be:ef", "DE AD\tBE EF", "dead beef", "de-ad-be-ef",
                     "de,ad,be,ef", "0xde 0xad 0xbe 0xef", "0xdeadbeef", "  deadbeef  "] {
            #expect(try HexText.decode(text) == deadbeef, "\(text.debugDescription)")
        }
        #expect(try HexText.decode("0d0a") == [0x0D, 0x0A])
        #expect(try HexText.decode("00") == [0x00])
    }

    static let expected = "(expected pairs of hex digits such as 0d0a or de ad)"

    static let errors: [(String, String, Int?)] = [
        ("", "no hex digits \(expected)", nil),
        ("  : ", "no hex digits \(expected)", nil),
        ("0g", "'g' is not a hex digit at position 2 \(expected)", 2),
        ("zz", "'z' is not a hex digit at position 1 \(expected)", 1),
        ("éé", "'é' is not a hex digit at position 1 \(expected)", 1),
        ("abc", "lone hex digit 'c' at position 3 (expected two hex digits for each byte)", 3),
        ("a bc", "lone hex digit 'a' at position 1 (expected two hex digits for each byte)", 1),
        ("de a", "lone hex digit 'a' at position 4 (expected two hex digits for each byte)", 4),
        ("0x", "'x' is not a hex digit at position 2 \(expected)", 2),
        ("100x41", "'x' is not a hex digit at position 4 \(expected)", 4),
    ]

    @Test func reportsTheBadCharacterAndItsPosition() {
        for (text, message, position) in Self.errors {
            #expect(throws: CommandError(message: message, column: position), "\(text.debugDescription)") {
                try HexText.decode(text)
            }
        }
    }

    @Test func encodesLowerCase() {
        #expect(HexText.encode([0xDE, 0xAD, 0x0D]) == "dead0d")
        #expect(HexText.encode([0xDE, 0xAD], separator: " ") == "de ad")
        #expect(HexText.encode([0xDE, 0xAD], separator: ":") == "de:ad")
        #expect(HexText.encode([]) == "")
    }

    @Test func roundTrips() throws {
        #expect(try HexText.decode(HexText.encode(Array(0...255))) == Array(0...255))
        for byte in UInt8.min...UInt8.max {
            #expect(try HexText.decode(HexText.encode([byte])) == [byte])
        }
        var random = ParserTestRandom(seed: 0x4E7)
        for _ in 0..<500 {
            var bytes = random.bytes(maxCount: 64)
            if bytes.isEmpty { bytes = [0] }
            for separator in ["", " ", ":", "-"] {
                #expect(try HexText.decode(HexText.encode(bytes, separator: separator)) == bytes)
            }
        }
    }

    @Test func decodingIsLinearOnHostileInput() throws {
        let long = String(repeating: "ab", count: 30_000)
        #expect(try HexText.decode(long).count == 30_000)
        let separators = String(repeating: " ", count: 60_000) + "0"
        #expect(throws: CommandError.self) { try HexText.decode(separators) }
    }
}
