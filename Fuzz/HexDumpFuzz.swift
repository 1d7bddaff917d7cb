// libFuzzer harness: what the screen draws from a peer's bytes: `HexDump.row` and
// `Canvas.displayable` (with `Canvas.put`, which goes through it).
//
// Built by scripts/fuzz together with the Screen files these need (Canvas, Cell, Rect, Role,
// HexDump) into one module, plus Fuzz/Support/FuzzSupport.c for wcwidth(3).
//
// Properties checked:
// - a hex row has exactly the layout the module declares (offset digits, the hex pair of byte i
//   at `hexColumn(i)`, its ASCII at `asciiColumn(i)`, bars around the ASCII, blanks elsewhere,
//   `rowWidth()` columns when full), and only printable ASCII: no byte below 0x20, no 0x7F;
// - `offsetWidth(for:)` gives enough digits for the offset;
// - `Canvas.displayable` returns, for any scalar, one that a terminal draws in exactly one
//   column: never a control (C0, DEL, C1) or another non-drawing category, never wide or
//   zero-width by the C library's wcwidth(3). Printable ASCII stays itself; anything replaced
//   becomes `.` or `?`.

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkHexRows(bytes)
    checkDisplayable(bytes)
    return 0
}

// MARK: HexDump

/// The first 8 bytes are the stream offset, the next picks the offset width, the rest is data
/// dumped sixteen bytes a row, as the data pane does.
private func checkHexRows(_ input: [UInt8]) {
    guard input.count >= 9 else { return }
    let start = input.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    let data = Array(input.dropFirst(9))
    let last = start &+ UInt64(data.count)
    // Either the width the data pane asks for, or any width up to 24 (a caller's choice; then
    // the offset column shows only the low digits).
    let widthByte = input[8]
    let width: Int
    let wholeOffset: Bool
    if widthByte & 0x80 == 0, last >= start {
        width = HexDump.offsetWidth(for: last)
        fuzzRequire((8...16).contains(width), "offsetWidth(for: \(last)) = \(width)")
        wholeOffset = true
    } else {
        width = Int(widthByte & 0x7F) % 25
        wholeOffset = false
    }
    // Rows of sixteen, then also one row given all the bytes (it must take only sixteen).
    var rowStart = 0
    repeat {
        let chunk = Array(data[rowStart..<min(data.count, rowStart + HexDump.bytesPerRow)])
        checkRow(offset: start &+ UInt64(rowStart), bytes: chunk, width: width, wholeOffset: wholeOffset)
        rowStart += HexDump.bytesPerRow
    } while rowStart < data.count
    if data.count > HexDump.bytesPerRow {
        let row = HexDump.row(offset: start, bytes: data, offsetWidth: width)
        fuzzRequire(row == HexDump.row(offset: start, bytes: data.prefix(HexDump.bytesPerRow), offsetWidth: width),
                    "a row of \(data.count) bytes is not the row of its first sixteen")
    }
}

private func checkRow(offset: UInt64, bytes: [UInt8], width: Int, wholeOffset: Bool) {
    let row = Array(HexDump.row(offset: offset, bytes: bytes, offsetWidth: width).utf8)
    let context = "row(offset: \(offset), \(bytes.count) bytes, offsetWidth: \(width)) = \(String(decoding: row, as: UTF8.self).debugDescription)"
    // Terminal safety first: printable ASCII only.
    fuzzRequire(row.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "non-printable byte in \(context)")

    let count = bytes.count
    let barColumn = HexDump.asciiColumn(0, offsetWidth: width) - 1
    fuzzRequire(row.count == HexDump.asciiColumn(count, offsetWidth: width) + 1, "wrong length \(row.count) for \(context)")
    if count == HexDump.bytesPerRow {
        fuzzRequire(row.count == HexDump.rowWidth(offsetWidth: width), "full row is not rowWidth() long: \(context)")
    }

    // What each column must hold; the rest are blanks.
    var expected = [UInt8](repeating: UInt8(ascii: " "), count: row.count)
    let hexDigits = Array("0123456789abcdef".utf8)
    for digit in 0..<width {
        let shift = UInt64(4 * (width - 1 - digit))
        expected[digit] = shift < 64 ? hexDigits[Int(offset >> shift & 0xF)] : UInt8(ascii: "0")
    }
    for (index, byte) in bytes.enumerated() {
        let hex = HexDump.hexColumn(index, offsetWidth: width)
        // The `hexdump -C` grouping: eight pairs, an extra blank, eight pairs.
        fuzzRequire(hex == width + 2 + 3 * index + (index >= 8 ? 1 : 0), "hexColumn(\(index)) = \(hex) for width \(width)")
        expected[hex] = hexDigits[Int(byte >> 4)]
        expected[hex + 1] = hexDigits[Int(byte & 0xF)]
        expected[HexDump.asciiColumn(index, offsetWidth: width)] = (0x20...0x7E).contains(byte) ? byte : UInt8(ascii: ".")
    }
    // The bars: two blanks after the last hex pair, as `hexdump -C` and the doc comment's example
    // have them, and the ASCII right after the first bar.
    fuzzRequire(barColumn == HexDump.hexColumn(15, offsetWidth: width) + 4, "bar not two blanks after the hex columns: \(context)")
    expected[barColumn] = UInt8(ascii: "|")
    expected[HexDump.asciiColumn(count, offsetWidth: width)] = UInt8(ascii: "|")
    fuzzRequire(row == expected, "layout differs from \(String(decoding: expected, as: UTF8.self).debugDescription): \(context)")

    if wholeOffset {
        // The width covers the whole offset: no digit was dropped.
        fuzzRequire(width >= 16 || offset >> UInt64(4 * width) == 0, "offset does not fit in \(width) digits: \(context)")
    }
}

// MARK: Canvas

/// The categories a terminal does not draw as one visible cell.
private let nonDrawing: Set<Unicode.GeneralCategory> = [
    .control, .format, .surrogate, .privateUse, .unassigned,
    .nonspacingMark, .enclosingMark, .spacingMark, .lineSeparator, .paragraphSeparator,
]

/// The input as UTF-8 text (what a peer's bytes become when shown as text), and as 3-byte
/// numbers folded into the code space (to reach every plane, not only valid UTF-8's habits).
private func checkDisplayable(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    for scalar in text.unicodeScalars { checkScalar(scalar) }
    var index = 0
    while index + 3 <= bytes.count {
        let value = (UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])) % 0x11_0000
        if let scalar = Unicode.Scalar(value) { checkScalar(scalar) }
        index += 3
    }
    checkCanvasPut(text, x: Int(Int8(bitPattern: bytes.first ?? 0)) / 4)
}

private func checkScalar(_ scalar: Unicode.Scalar) {
    let shown = Canvas.displayable(scalar)
    let what = "displayable(U+\(String(scalar.value, radix: 16, uppercase: true))) = U+\(String(shown.value, radix: 16, uppercase: true))"
    if (0x20..<0x7F).contains(scalar.value) {
        fuzzRequire(shown == scalar, "printable ASCII changed: \(what)")
    }
    fuzzRequire(shown == scalar || shown == "." || shown == "?", "unexpected replacement: \(what)")
    fuzzRequire(shown.value >= 0x20 && !(0x7F...0x9F).contains(shown.value), "control character: \(what)")
    fuzzRequire(!nonDrawing.contains(shown.properties.generalCategory),
                "non-drawing category \(shown.properties.generalCategory): \(what)")
    // -1 is also what wcwidth says for code points newer than the C library's Unicode tables;
    // the category check above already refused the controls among them.
    let columns = fuzz_wcwidth(shown.value)
    fuzzRequire(columns == 1 || columns == -1, "takes \(columns) columns: \(what)")
}

/// `put` clips to the grid and makes every scalar displayable.
private func checkCanvasPut(_ text: String, x: Int) {
    var canvas = Canvas(width: 24, height: 1)
    let written = canvas.put(text, x: x, y: 0)
    let scalars = text.unicodeScalars.count
    // The default limit is the grid's width, counted from x even when x is off the left edge.
    let visible = max(0, min(24, x + min(scalars, 24)) - max(0, x))
    fuzzRequire(written == visible, "put wrote \(written) cells, expected \(visible) (x \(x), \(scalars) scalars)")
    let line = canvas.line(0)
    fuzzRequire(line.unicodeScalars.count == 24, "line of \(line.unicodeScalars.count) scalars")
    for scalar in line.unicodeScalars {
        fuzzRequire(Canvas.displayable(scalar) == scalar, "cell U+\(String(scalar.value, radix: 16)) is not displayable")
    }
}
