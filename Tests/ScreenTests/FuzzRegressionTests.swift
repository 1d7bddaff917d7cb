import Testing
@testable import Screen

/// Scalars the hex-dump fuzzer (Fuzz/HexDumpFuzz.swift) found drawn at the wrong width: the
/// terminal gives them two columns (or none), so the rest of the row would shift. The inputs
/// are in Fuzz/regressions/hex-dump/.
@Suite("Fuzz regressions: displayable scalars")
struct FuzzRegressionTests {
    @Test("wide scalars become ?", arguments: [
        0x231A, // ⌚ watch
        0x2615, // ☕ hot beverage
        0x2705, // ✅ check mark
        0x274C, // ❌ cross mark
        0x2B50, // ⭐ star
        0x4DC0, // ䷀ hexagram
        0xA960, // Hangul Jamo Extended-A
        0xFE10, // vertical comma
        0x17000, // Tangut
        0x18989, // Tangut component (found by the fuzzer)
        0x1B000, // kana supplement
        0x1F004, // 🀄 mahjong
        0x1F201, // 🈁 enclosed ideograph
        0x1F680, // 🚀 rocket
        0x1F6C2, // 🛂 passport control (found by the fuzzer)
        0x1F7E0, // 🟠 orange circle
        0x1FA90, // 🪐 ringed planet
    ] as [UInt32])
    func wide(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(Canvas.displayable(scalar) == "?")
    }

    @Test("zero-width Hangul vowels and finals become ?", arguments: [0x1160, 0x119B, 0x11FF, 0xD7B0, 0xD7FB] as [UInt32])
    func zeroWidth(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(Canvas.displayable(scalar) == "?")
    }

    /// Neighbours of the ranges above that terminals draw in one column, box drawing included.
    @Test("single-width scalars stay themselves", arguments: [
        0x41, 0xE9, 0x2192, 0x2500, 0x2588, 0x2610, 0x2665, 0x2713, 0x2B1A, 0x1F650,
    ] as [UInt32])
    func narrow(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(Canvas.displayable(scalar) == scalar)
    }

    /// Box drawing and block elements skip the property lookup: every one of them is an
    /// assigned single-width symbol, so the shortcut answers what the lookup would.
    @Test func boxDrawingAndBlockElementsStayThemselves() throws {
        for value in UInt32(0x2500)...0x259F {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(scalar.properties.generalCategory == .otherSymbol, "U+\(String(value, radix: 16))")
            #expect(!Canvas.isWide(value) && !Canvas.isZeroWidth(value))
            #expect(Canvas.displayable(scalar) == scalar)
        }
    }
}
