// libFuzzer harness: the command language (`CommandParser.parse`, `CommandParser.completions`).
//
// Built by scripts/fuzz together with Sources/Inspector/Commands/*.swift into one module, so the
// internal pieces (Tokenizer, MessageText) are visible, and linked with TcpModel (the folder
// imports it for `Shutdown`). The parser sees lines typed at the prompt, script files and
// pasted peer data, so whatever the bytes, it must answer with a line or one bounded,
// terminal-safe error, and never trap.
//
// Properties checked, beyond "does not crash":
// - an error message is non-empty, at most a few hundred bytes, and holds no control character
//   (it is drawn on the user's terminal); its column points into the line or just past it;
// - a parsed line written back as a script line (`ParsedLine.description`, what `save` writes)
//   parses back to the same value: the round trip CommandScript.swift promises;
// - every completion is a non-empty, control-free replacement that starts with the word being
//   completed (ignoring case), without repeats.

#if canImport(Glibc)
import Glibc
#endif

/// The ids a session could have; completion offers them after `select` and as `ID:` prefixes.
private let sessionIDs = ["s1", "s2", "l1", "l12"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkParse(line)
    checkCompletions(line)
    return 0
}

private func checkParse(_ line: String) {
    let parsed: ParsedLine
    do {
        parsed = try CommandParser.parse(line)
    } catch {
        checkError(error, line: line)
        return
    }
    let script = parsed.description
    do {
        let again = try CommandParser.parse(script)
        fuzzRequire(again == parsed, "script line does not round-trip: \(line.debugDescription) -> \(script.debugDescription) -> \(again)")
    } catch {
        fuzzFail("script line does not parse back: \(line.debugDescription) -> \(script.debugDescription): \(error.message)")
    }
}

private func checkError(_ error: CommandError, line: String) {
    let message = error.message
    fuzzRequire(!message.isEmpty, "empty error message for \(line.debugDescription)")
    // Quoted input is cut at 40 scalars, so even the longest message stays short.
    fuzzRequire(message.utf8.count < 600, "error message of \(message.utf8.count) bytes for \(line.debugDescription)")
    fuzzRequire(!message.unicodeScalars.contains(where: isControl),
                "control character in error message \(message.debugDescription)")
    if let column = error.column {
        let columns = line.unicodeScalars.count + 1
        fuzzRequire(column >= 1 && column <= columns, "column \(column) outside 1...\(columns) for \(line.debugDescription)")
    }
}

private func checkCompletions(_ line: String) {
    let candidates = CommandParser.completions(for: line, streamIDs: sessionIDs)
    guard !candidates.isEmpty else { return }
    // The word being completed: everything after the last ASCII blank (the grammar's separator).
    let bytes = Array(line.utf8)
    let wordStart = (bytes.lastIndex(where: isBlank) ?? -1) + 1
    let word = String(decoding: bytes[wordStart...], as: UTF8.self).lowercased()
    fuzzRequire(Set(candidates).count == candidates.count, "repeated completions \(candidates) for \(line.debugDescription)")
    for candidate in candidates {
        fuzzRequire(!candidate.isEmpty, "empty completion for \(line.debugDescription)")
        // A candidate repeats what was typed (`s2:` of `s2:re`), controls included; it adds none.
        let added = candidate.unicodeScalars.filter { isControl($0) && !word.unicodeScalars.contains($0) }
        fuzzRequire(added.isEmpty, "completion \(candidate.debugDescription) adds control characters to \(word.debugDescription)")
        fuzzRequire(candidate.lowercased().hasPrefix(word),
                    "completion \(candidate.debugDescription) does not extend \(word.debugDescription) in \(line.debugDescription)")
    }
}

/// C0 controls, DEL and C1 controls: what starts a terminal escape sequence.
private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}

/// The blanks the tokenizer splits on: space, tab, LF, VT, FF, CR.
private func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
}
