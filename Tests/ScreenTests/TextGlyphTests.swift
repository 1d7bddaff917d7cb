import Testing
@testable import Screen

/// How the text view draws bytes: text as itself, CR and LF marked, everything else escaped.
@Suite("Text view glyphs")
struct TextGlyphTests {
    private func drawn(_ bytes: [UInt8], unicode: Bool = true) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let glyph = TextGlyph.at(index, in: bytes[...], unicode: unicode)
            out.unicodeScalars.append(contentsOf: glyph.scalars)
            index += glyph.length
        }
        return out
    }

    @Test func textCRLFAndEscapes() {
        #expect(drawn(Array("GET / HTTP/1.1\r\n".utf8)) == "GET / HTTP/1.1␍␊")
        #expect(drawn(Array("a\r\n".utf8), unicode: false) == #"a\r\n"#)
        #expect(drawn([0x1B, 0x5B, 0x32, 0x4A, 0x09, 0x00, 0x7F, 0x07]) == #"\x1b[2J\t\x00\x7f\x07"#)
        #expect(drawn(Array("été".utf8)) == "été")
        #expect(drawn(Array("été".utf8), unicode: false) == #"\xc3\xa9t\xc3\xa9"#)
    }

    @Test func invalidUTF8AndUndrawableCharactersAreEscapedByteByByte() {
        #expect(drawn([0xC3]) == #"\xc3"#, "a sequence cut short")
        #expect(drawn([0xE2, 0x80, 0xAE]) == #"\xe2\x80\xae"#, "a bidi override (format character)")
        #expect(drawn([0xC2, 0x9B]) == #"\xc2\x9b"#, "a C1 control (CSI)")
        #expect(drawn([0xF0, 0x9F, 0x98, 0x80]) == #"\xf0\x9f\x98\x80"#, "a wide emoji")
        #expect(drawn([0xED, 0xA0, 0x80]) == #"\xed\xa0\x80"#, "an encoded surrogate is not UTF-8")
    }

    @Test func nothingDrawnIsAControlCharacter() {
        let every = drawn(Array(0...255))
        #expect(every.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) })
    }
}
