import Testing
@testable import Screen

@Suite("hexdump -C layout")
struct HexDumpTests {
    // Expected rows as `printf ... | hexdump -C` prints them.
    @Test func fullAndPartialRows() {
        let bytes = Array("hello world\nabcdefghijklmnopqrstuvwxyz".utf8)
        #expect(HexDump.row(offset: 0, bytes: bytes[0..<16]) == "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 61 62 63 64  |hello world.abcd|")
        #expect(HexDump.row(offset: 16, bytes: bytes[16..<32]) == "00000010  65 66 67 68 69 6a 6b 6c  6d 6e 6f 70 71 72 73 74  |efghijklmnopqrst|")
        #expect(HexDump.row(offset: 32, bytes: bytes[32...]) == "00000020  75 76 77 78 79 7a                                 |uvwxyz|")
        #expect(HexDump.row(offset: 0, bytes: Array("hello".utf8)) == "00000000  68 65 6c 6c 6f                                    |hello|")
    }

    @Test func controlAndHighBytesAreDots() {
        let row = HexDump.row(offset: 0, bytes: [0x00, 0x1B, 0x5B, 0x32, 0x4A, 0x7F, 0x80, 0xFF, 0x07, 0x0D, 0x0A, 0x41])
        #expect(row.hasSuffix("|..[2J......A|"))
        #expect(!row.unicodeScalars.contains { $0.value < 0x20 || $0.value >= 0x7F })
    }

    @Test func offsetsWidenPastFourGiB() {
        #expect(HexDump.offsetWidth(for: 0xFFFF_FFFF) == 8)
        #expect(HexDump.offsetWidth(for: 0x1_0000_0000) == 9)
        #expect(HexDump.row(offset: 0x1_0000_0010, bytes: [0x41], offsetWidth: 9).hasPrefix("100000010  41 "))
        #expect(HexDump.rowWidth() == 78)
    }
}

@Suite("Canvas")
struct CanvasTests {
    @Test func controlsBecomeDotsAndWideBecomesQuestionMarks() {
        for v: UInt32 in [0, 7, 0x1B, 0x7F, 0x9B, 0x85] {
            #expect(Canvas.displayable(Unicode.Scalar(v) ?? " ") == ".")
        }
        #expect(Canvas.displayable("界") == "?")
        #expect(Canvas.displayable("\u{301}") == "?")
        #expect(Canvas.displayable("é") == "é")
        #expect(Canvas.displayable("─") == "─")
    }

    @Test func writesClipToTheGrid() {
        var canvas = Canvas(width: 5, height: 2)
        #expect(canvas.put("abcdefgh", x: 2, y: 0) == 3)
        canvas.put("\u{1B}[2J", x: -1, y: 1)
        #expect(canvas.line(0) == "  abc")
        #expect(canvas.line(1) == "[2J  ")
        canvas.put("x", x: 0, y: 7)
        #expect(canvas.text == "  abc\n[2J")
    }
}
