// libFuzzer harness: the text forms arguments are written in: C escapes (`EscapedText`), hex
// (`HexText`), durations (`DurationText`) and byte counts (`ByteCountText`).
//
// Built by scripts/fuzz together with Sources/Inspector/Commands/*.swift into one module, so the
// internal `EscapedText.encode(_:keepingUnicode:)` that `save` uses is reachable too.
//
// Each input is used twice: as text for the decoders and parsers, and as raw bytes for the
// encoders, whose output must decode back to exactly those bytes (a saved script must send
// what the session sent). A mismatch is a bug, so it traps.

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    checkEscapes(text: text, bytes: bytes)
    checkHex(text: text, bytes: bytes)
    checkDuration(text)
    checkByteCount(text)
    return 0
}

private func checkEscapes(text: String, bytes: [UInt8]) {
    // Decoding any text either fails cleanly or gives bytes that encode back to the same bytes.
    do {
        let decoded = try EscapedText.decode(text)
        fuzzRequire(try EscapedText.decode(EscapedText.encode(decoded)) == decoded,
                    "decoded escapes do not re-encode: \(text.debugDescription)")
    } catch {
        checkError(error, text: text)
    }
    // Any bytes, encoded both ways (plain, and keeping drawable UTF-8 as `save` does), decode back.
    for keepingUnicode in [false, true] {
        let encoded = EscapedText.encode(bytes, keepingUnicode: keepingUnicode)
        fuzzRequire(!encoded.unicodeScalars.contains(where: isControl),
                    "control character in encoded text \(encoded.debugDescription)")
        do {
            let decoded = try EscapedText.decode(encoded)
            fuzzRequire(decoded == bytes, "escape round trip (keepingUnicode: \(keepingUnicode)) changed \(bytes) into \(decoded)")
        } catch {
            fuzzFail("encoded bytes \(bytes) do not decode: \(encoded.debugDescription): \(error.message)")
        }
    }
}

private func checkHex(text: String, bytes: [UInt8]) {
    do {
        let decoded = try HexText.decode(text)
        fuzzRequire(!decoded.isEmpty, "hex decoded to nothing without an error: \(text.debugDescription)")
    } catch {
        checkError(error, text: text)
    }
    for separator in ["", " ", ":"] {
        let encoded = HexText.encode(bytes, separator: separator)
        do {
            let decoded = try HexText.decode(encoded)
            fuzzRequire(decoded == bytes, "hex round trip with \(separator.debugDescription) changed \(bytes) into \(decoded)")
        } catch {
            // Only nothing at all is refused: "no hex digits".
            fuzzRequire(bytes.isEmpty, "encoded bytes \(bytes) do not decode: \(encoded.debugDescription): \(error.message)")
        }
    }
}

private func checkDuration(_ text: String) {
    for allowZero in [false, true] {
        do {
            let duration = try DurationText.parse(text, allowZero: allowZero)
            let smallest: Duration = allowZero ? .zero : .nanoseconds(1)
            fuzzRequire(duration >= smallest && duration <= DurationText.maximum,
                        "duration \(duration) out of range for \(text.debugDescription)")
            // `format` promises the shortest exact form that parses back to the same value.
            let formatted = DurationText.format(duration)
            do {
                let again = try DurationText.parse(formatted, allowZero: allowZero)
                fuzzRequire(again == duration, "duration \(text.debugDescription) -> \(formatted) -> \(again)")
            } catch {
                fuzzFail("formatted duration \(formatted) of \(text.debugDescription) does not parse: \(error.message)")
            }
        } catch {
            checkError(error, text: text)
        }
    }
}

/// The ranges the command language checks byte counts against (read/peek/wait, buffers), and
/// the widest one, where overflow would show.
private let byteCountRanges: [ClosedRange<Int>] = [1...(16 << 20), 1...(1 << 30), 0...Int.max]

private func checkByteCount(_ text: String) {
    for range in byteCountRanges {
        do {
            let count = try ByteCountText.parse(text, range: range)
            fuzzRequire(range.contains(count), "byte count \(count) outside \(range) for \(text.debugDescription)")
            let formatted = ByteCountText.format(count)
            do {
                let again = try ByteCountText.parse(formatted, range: range)
                fuzzRequire(again == count, "byte count \(text.debugDescription) -> \(formatted) -> \(again)")
            } catch {
                fuzzFail("formatted byte count \(formatted) of \(text.debugDescription) does not parse: \(error.message)")
            }
        } catch {
            checkError(error, text: text)
        }
    }
}

/// Errors are shown on the terminal: non-empty, short, no control characters, and a position
/// (1-based, in scalars) inside the text or just past it.
private func checkError(_ error: CommandError, text: String) {
    let message = error.message
    fuzzRequire(!message.isEmpty, "empty error message for \(text.debugDescription)")
    fuzzRequire(message.utf8.count < 600, "error message of \(message.utf8.count) bytes for \(text.debugDescription)")
    fuzzRequire(!message.unicodeScalars.contains(where: isControl), "control character in error message \(message.debugDescription)")
    if let column = error.column {
        let columns = text.unicodeScalars.count + 1
        fuzzRequire(column >= 1 && column <= columns, "position \(column) outside 1...\(columns) for \(text.debugDescription)")
    }
}

/// C0 controls, DEL and C1 controls: what starts a terminal escape sequence.
private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}
