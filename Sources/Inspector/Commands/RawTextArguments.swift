/// The arguments of `expect` and `note`, which are bytes rather than words: the raw rest of the
/// line, so that `expect text hello world` checks both words with the space between them.
/// (`send` has its own parts: `SendArguments`.)
///
/// Forms: `"..."` (exactly one double-quoted string: escapes, and leading or trailing spaces
/// kept), `'...'` (exactly one single-quoted string, literal), `hex:HEX` or `hex:"HEX"`, or any
/// other text, taken whole with C escapes applied. To send text that starts with `hex:` or a
/// quote, quote it. More blanks before a quote or `hex:` are separators too (`send  "x"` sends
/// x); before other text they are part of it (`send  x` sends " x").
enum RawTextArguments {
    /// `note`'s text: the rest of the line as written, which must be valid UTF-8 and not empty.
    static func note(line: [UInt8], after wordEnd: Int) throws(CommandError) -> String {
        let context = ArgumentList(command: .note, line: line)
        let start = min(wordEnd + 1, line.count)
        guard let text = String(validating: line[start...], as: UTF8.self) else {
            throw context.error("the note is not valid UTF-8", atByte: start)
        }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw context.missing("text") }
        // A note is drawn on the terminal as it is: nothing that is not drawable gets in.
        guard trimmed.unicodeScalars.allSatisfy({ MessageText.isDrawable($0) }) else {
            throw context.error("the note contains a control or format character", atByte: start)
        }
        return trimmed
    }

    /// `expect`'s expectation: `text TEXT`, `text:TEXT`, `hex HEX` or `hex:HEX`.
    static func expect(line: [UInt8], after wordEnd: Int) throws(CommandError) -> Expectation {
        let context = ArgumentList(command: .expect, line: line)
        var tokenizer = Tokenizer(line, from: wordEnd)
        tokenizer.skipWhitespace()
        let kindStart = tokenizer.offset
        guard kindStart < line.count else { throw context.missing(kindList) }
        let rest = line[kindStart...]
        if ASCII.hasPrefix(rest, "hex:") {
            return .hex(try hex(line, from: kindStart + 4, context: context, expected: "expect hex:HEX"))
        }
        if ASCII.hasPrefix(rest, "text:") {
            guard kindStart + 5 < line.count else { throw context.missing("text", expected: "expect text TEXT") }
            return .text(try text(line, from: kindStart + 5, context: context))
        }
        let kindEnd = rest.firstIndex(where: ASCII.isWhitespace) ?? line.count
        let kind = String(decoding: line[kindStart..<kindEnd], as: UTF8.self)
        switch kind.lowercased() {
        case "hex":
            var digits = Tokenizer(line, from: kindEnd)
            digits.skipWhitespace()
            guard !digits.atEnd else { throw context.missing("hex digits", expected: "expect hex HEX") }
            return .hex(try hex(line, from: digits.offset, context: context, expected: "expect hex HEX"))
        case "error":
            var words = Tokenizer(line, from: kindEnd)
            words.skipWhitespace()
            let nameStart = words.offset
            guard !words.atEnd else { throw context.missing("errno name", expected: "expect error ENAME|none") }
            let nameEnd = line[nameStart...].firstIndex(where: ASCII.isWhitespace) ?? line.count
            let name = String(decoding: line[nameStart..<nameEnd], as: UTF8.self)
            var rest = Tokenizer(line, from: nameEnd)
            rest.skipWhitespace()
            guard rest.atEnd else {
                throw context.error("unexpected text after the errno name", atByte: rest.offset)
            }
            if name.lowercased() == "none" { return .error("none") }
            let upper = name.uppercased()
            let valid = upper.count >= 2 && upper.count <= 32 && upper.hasPrefix("E")
                && upper.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
            guard valid else {
                throw context.error("\(MessageText.quoted(name)) is not an errno name such as ECONNRESET, or none", atByte: nameStart)
            }
            return .error(upper)
        case "text":
            // As for send: one blank separates, and everything after it is the text.
            guard kindEnd + 1 < line.count else { throw context.missing("text", expected: "expect text TEXT") }
            return .text(try text(line, from: kindEnd + 1, context: context))
        case "received":
            guard kindEnd + 1 < line.count else { throw context.missing("text", expected: "expect received TEXT") }
            return .received(try text(line, from: kindEnd + 1, context: context))
        case "elapsed":
            return try elapsed(line, from: kindEnd, context: context)
        case "contains":
            guard kindEnd + 1 < line.count else { throw context.missing("text", expected: "expect contains TEXT") }
            let bytes = try text(line, from: kindEnd + 1, context: context)
            guard !bytes.isEmpty else { throw context.missing("text", expected: "expect contains TEXT") }
            return .contains(bytes)
        case "matches":
            return .matches(try pattern(line, from: kindEnd, context: context))
        case "closed":
            var rest = Tokenizer(line, from: kindEnd)
            rest.skipWhitespace()
            guard rest.atEnd else {
                throw context.error("unexpected text after closed", atByte: rest.offset, expected: "expect closed")
            }
            return .closed
        default:
            var problem = "\(MessageText.quoted(kind)) is not \(kindList)"
            if let near = Suggestion.nearest(to: kind, among: KeywordText.expectKinds) { problem += ", did you mean '\(near)'?" }
            throw context.error(problem, atByte: kindStart)
        }
    }

    static let kindList = "text, hex, contains, matches, closed, error, elapsed or received"

    /// A regular expression: the rest of the line after one blank, without trailing blanks,
    /// compiled here so that a bad one stops the script before anything runs.
    private static func pattern(_ line: [UInt8], from kindEnd: Int, context: ArgumentList) throws(CommandError) -> String {
        let expected = "expect matches REGEX, e.g. expect matches ^HTTP/1\\.[01] 200"
        var end = line.count
        while end > kindEnd + 1, ASCII.isWhitespace(line[end - 1]) { end -= 1 }
        guard kindEnd + 1 < end else { throw context.missing("regular expression", expected: expected) }
        guard let pattern = String(validating: line[(kindEnd + 1)..<end], as: UTF8.self) else {
            throw context.error("the regular expression is not valid UTF-8", atByte: kindEnd + 1, expected: expected)
        }
        do {
            _ = try Regex(pattern)
        } catch {
            let reason = MessageText.escaped(String(describing: error), limit: 120)
            throw context.error("bad regular expression \(MessageText.quoted(pattern)): \(reason)", atByte: kindEnd + 1,
                                expected: expected)
        }
        return pattern
    }

    /// `elapsed over DUR` or `elapsed under DUR`, after the word `elapsed`.
    private static func elapsed(_ line: [UInt8], from start: Int, context: ArgumentList) throws(CommandError) -> Expectation {
        let expected = "expect elapsed over|under DUR"
        var tokenizer = Tokenizer(line, from: start)
        let words: [Token]
        do throws(TextFault) {
            words = try tokenizer.rest()
        } catch {
            throw context.error(error, in: nil, expected: expected)
        }
        guard let bound = words.first else { throw context.missing("over or under", expected: expected) }
        let over: Bool
        switch bound.keyword {
        case "over": over = true
        case "under": over = false
        default: throw context.error("\(bound.quoted) is not over or under", atByte: bound.start, expected: expected)
        }
        guard words.count > 1 else { throw context.missing("duration", expected: expected) }
        let limit = words[1]
        guard words.count == 2 else {
            throw context.error("unexpected text after the duration", atByte: words[2].start, expected: expected)
        }
        do throws(TextFault) {
            return .elapsed(over: over, try DurationText.parsing(limit.text, allowZero: false))
        } catch {
            throw context.error(error, in: limit, expected: expected)
        }
    }

    /// Where the argument's form starts: past any further blanks when a quote (or, for `send`,
    /// `hex:`) follows them, since nobody means blanks before a quoted string as text; else
    /// `start`, so unquoted text keeps its leading blanks as written.
    private static func formStart(_ line: [UInt8], from start: Int, hexForm: Bool) -> Int {
        var index = start
        while index < line.count, ASCII.isWhitespace(line[index]) { index += 1 }
        guard index < line.count, index > start else { return start }
        let quoted = line[index] == UInt8(ascii: "\"") || line[index] == UInt8(ascii: "'")
        return quoted || (hexForm && ASCII.hasPrefix(line[index...], "hex:")) ? index : start
    }

    /// Text from `start` to the end of the line: one quoted string, or the raw rest with escapes.
    private static func text(_ line: [UInt8], from textStart: Int, context: ArgumentList) throws(CommandError) -> [UInt8] {
        guard textStart < line.count else { return [] }
        let start = formStart(line, from: textStart, hexForm: false)
        let body: ArraySlice<UInt8>
        let escaped: Bool
        switch line[start] {
        case UInt8(ascii: "\""):
            guard let close = Tokenizer.closingDoubleQuote(in: line, openingAt: start) else {
                throw context.error(unterminated("double", at: start), in: nil)
            }
            try checkNothingFollows(line, after: close, context: context)
            body = line[(start + 1)..<close]
            escaped = true
        case UInt8(ascii: "'"):
            guard let close = Tokenizer.closingSingleQuote(in: line, openingAt: start) else {
                throw context.error(unterminated("single", at: start), in: nil)
            }
            try checkNothingFollows(line, after: close, context: context)
            body = line[(start + 1)..<close]
            escaped = false
        default:
            body = line[start...]
            escaped = true
        }
        guard escaped else { return Array(body) }
        do throws(TextFault) {
            return try EscapedText.decode(body)
        } catch {
            throw context.error(error, in: nil)
        }
    }

    /// Hex digits from `start` to the end of the line, or in one pair of double quotes.
    private static func hex(_ line: [UInt8], from start: Int, context: ArgumentList,
                            expected: String) throws(CommandError) -> [UInt8] {
        var digits = line[min(start, line.count)...]
        if digits.first == UInt8(ascii: "\"") {
            guard let close = line[(start + 1)...].firstIndex(of: UInt8(ascii: "\"")) else {
                throw context.error(unterminated("double", at: start), in: nil)
            }
            try checkNothingFollows(line, after: close, context: context)
            digits = line[(start + 1)..<close]
        }
        do throws(TextFault) {
            return try HexText.decode(digits)
        } catch {
            throw context.error(error, in: nil, expected: expected)
        }
    }

    static func unterminated(_ kind: String, at offset: Int) -> TextFault {
        TextFault("unterminated \(kind) quote", at: offset, expected: kind == "double" ? "a closing \"" : "a closing '")
    }

    /// After a closing quote only blanks may follow: `send "a" b` is a mistake, not "a b".
    private static func checkNothingFollows(_ line: [UInt8], after close: Int, context: ArgumentList) throws(CommandError) {
        var index = close + 1
        while index < line.count, ASCII.isWhitespace(line[index]) { index += 1 }
        guard index < line.count else { return }
        let end = line[index...].firstIndex(where: ASCII.isWhitespace) ?? line.count
        let extra = MessageText.quoted(String(decoding: line[index..<end], as: UTF8.self))
        throw context.error("unexpected \(extra) after the closing quote", atByte: index,
                            expected: "one quoted string, or text without quotes")
    }
}
