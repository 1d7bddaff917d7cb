/// The arguments of `send`: parts written one after another, and how often.
///
/// A line that starts with a quote, `hex:`, `file:` or `repeat=` is a list of parts separated by blanks:
/// `"..."` (C escapes), `'...'` (literal), `hex:HEX` (the digits run up to the next part, so
/// `hex:de ad` is two bytes) or `hex:"HEX"`, `file:PATH` (a path, quoted when it holds blanks),
/// and `repeat=N` once anywhere. Any other line is text taken whole with C escapes applied
/// (`send hello world`), except that a last word `repeat=N` repeats it.
enum SendArguments {
    static let expectedPart = #""TEXT", 'TEXT', hex:HEX, file:PATH or repeat=N"#

    static func parse(line: [UInt8], after wordEnd: Int) throws(CommandError) -> SendPayload {
        let context = ArgumentList(command: .send, line: line)
        let start = wordEnd + 1
        guard start < line.count else { throw nothingToSend(context, at: line.count) }
        // Blanks before a part only separate (`send  "x"` sends x): nobody means them as text.
        // Before unquoted text they stay part of it, as written.
        var partStart = start
        while partStart < line.count, ASCII.isWhitespace(line[partStart]) { partStart += 1 }
        let payload: SendPayload
        if partStart < line.count, startsAnyPart(line, at: partStart) {
            payload = try parts(line, from: partStart, context: context)
        } else {
            payload = try wholeText(line, from: start, context: context)
        }
        if payload.inlineByteCount == 0 && payload.files.isEmpty {
            throw nothingToSend(context, at: start)
        }
        guard SendPayload.total(perRound: payload.inlineByteCount, repeatCount: payload.repeatCount) != nil else {
            throw context.error("\(payload.inlineByteCount) bytes × \(payload.repeatCount) is more than the "
                                + "\(HumanText.size(SendPayload.maximumTotal)) one send may write",
                                atByte: start, expected: "a smaller repeat=N")
        }
        return payload
    }

    /// Whether a part that only the parts form knows begins at `offset`.
    private static func startsPart(_ line: [UInt8], at offset: Int) -> Bool {
        let rest = line[offset...]
        return rest.first == UInt8(ascii: "\"") || rest.first == UInt8(ascii: "'")
            || ASCII.hasPrefix(rest, "hex:") || ASCII.hasPrefix(rest, "file:")
    }

    /// Where the next part (or `repeat=`) starts, for the digits of an unquoted `hex:` part.
    private static func startsAnyPart(_ line: [UInt8], at offset: Int) -> Bool {
        startsPart(line, at: offset) || ASCII.hasPrefix(line[offset...], "repeat=")
    }

    private static func parts(_ line: [UInt8], from start: Int, context: ArgumentList) throws(CommandError) -> SendPayload {
        var payload = SendPayload(parts: [])
        var repeatCount: Int?
        var offset = start
        while true {
            while offset < line.count, ASCII.isWhitespace(line[offset]) { offset += 1 }
            guard offset < line.count else { break }
            let rest = line[offset...]
            switch rest.first {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let (bytes, end) = try quoted(line, at: offset, context: context)
                payload.append(.bytes(bytes))
                offset = end
            default:
                if ASCII.hasPrefix(rest, "hex:") {
                    let (bytes, end) = try hex(line, from: offset + 4, context: context)
                    payload.append(.bytes(bytes))
                    offset = end
                } else if ASCII.hasPrefix(rest, "file:") {
                    let (path, end) = try file(line, from: offset + 5, context: context)
                    payload.append(.file(path))
                    offset = end
                } else if ASCII.hasPrefix(rest, "repeat=") {
                    let end = wordEnd(line, from: offset)
                    guard repeatCount == nil else {
                        throw context.error("'repeat=' is given twice", atByte: offset, expected: "one repeat=N")
                    }
                    repeatCount = try count(line, word: offset..<end, context: context)
                    offset = end
                } else {
                    let end = wordEnd(line, from: offset)
                    let word = MessageText.quoted(String(decoding: line[offset..<end], as: UTF8.self))
                    throw context.error("unexpected \(word)", atByte: offset,
                                        expected: expectedPart + "; text among other parts is quoted")
                }
            }
        }
        payload.repeatCount = repeatCount ?? 1
        return payload
    }

    /// `send hello world`: the rest of the line with C escapes, less a last `repeat=N` word.
    private static func wholeText(_ line: [UInt8], from start: Int, context: ArgumentList) throws(CommandError) -> SendPayload {
        var end = line.count
        var repeatCount = 1
        var lastStart = line.count
        while lastStart > start, !ASCII.isWhitespace(line[lastStart - 1]) { lastStart -= 1 }
        if lastStart > start, ASCII.hasPrefix(line[lastStart...], "repeat=") {
            repeatCount = try count(line, word: lastStart..<line.count, context: context)
            end = lastStart
            while end > start, ASCII.isWhitespace(line[end - 1]) { end -= 1 }
        }
        do throws(TextFault) {
            return SendPayload(parts: [.bytes(try EscapedText.decode(line[start..<end]))], repeatCount: repeatCount)
        } catch {
            throw context.error(error, in: nil)
        }
    }

    /// A quoted part: `"..."` with escapes or `'...'` literal; a blank or the end must follow.
    private static func quoted(_ line: [UInt8], at open: Int, context: ArgumentList) throws(CommandError) -> ([UInt8], Int) {
        let double = line[open] == UInt8(ascii: "\"")
        let close = double ? Tokenizer.closingDoubleQuote(in: line, openingAt: open)
                           : Tokenizer.closingSingleQuote(in: line, openingAt: open)
        guard let close else {
            throw context.error(RawTextArguments.unterminated(double ? "double" : "single", at: open), in: nil)
        }
        try checkBlankAfter(line, close + 1, context: context)
        let body = line[(open + 1)..<close]
        guard double else { return (Array(body), close + 1) }
        do throws(TextFault) {
            return (try EscapedText.decode(body), close + 1)
        } catch {
            throw context.error(error, in: nil)
        }
    }

    /// `hex:"de ad"`, or unquoted digits running up to the next part.
    private static func hex(_ line: [UInt8], from start: Int, context: ArgumentList) throws(CommandError) -> ([UInt8], Int) {
        let expected = "hex:HEX, e.g. hex:0d0a"
        let digits: ArraySlice<UInt8>
        let end: Int
        if start < line.count, line[start] == UInt8(ascii: "\"") {
            guard let close = line[(start + 1)...].firstIndex(of: UInt8(ascii: "\"")) else {
                throw context.error(RawTextArguments.unterminated("double", at: start), in: nil)
            }
            try checkBlankAfter(line, close + 1, context: context)
            digits = line[(start + 1)..<close]
            end = close + 1
        } else {
            var index = start
            var lastDigit = start
            while index < line.count {
                if ASCII.isWhitespace(line[index]) {
                    var next = index
                    while next < line.count, ASCII.isWhitespace(line[next]) { next += 1 }
                    if next >= line.count || startsAnyPart(line, at: next) { break }
                    index = next
                } else {
                    index += 1
                    lastDigit = index
                }
            }
            digits = line[start..<lastDigit]
            end = lastDigit
        }
        do throws(TextFault) {
            return (try HexText.decode(digits), end)
        } catch {
            throw context.error(error, in: nil, expected: expected)
        }
    }

    /// `file:PATH`: one word, which may be quoted (`file:"my file"`).
    private static func file(_ line: [UInt8], from start: Int, context: ArgumentList) throws(CommandError) -> (String, Int) {
        guard start < line.count, !ASCII.isWhitespace(line[start]) else {
            throw context.error("'file:' needs a path", atByte: start, expected: "file:PATH, e.g. file:request.bin")
        }
        var tokenizer = Tokenizer(line, from: start)
        let token: Token?
        do throws(TextFault) {
            token = try tokenizer.next()
        } catch {
            throw context.error(error, in: nil)
        }
        guard let token, !token.bytes.isEmpty else {
            throw context.error("'file:' needs a path", atByte: start, expected: "file:PATH, e.g. file:request.bin")
        }
        guard let path = String(validating: token.bytes, as: UTF8.self), !token.bytes.contains(0) else {
            throw context.error("the file name is not valid UTF-8 or holds a NUL byte", atByte: start,
                                expected: "file:PATH")
        }
        return (path, token.end)
    }

    /// `repeat=N`, 1 or more.
    private static func count(_ line: [UInt8], word: Range<Int>, context: ArgumentList) throws(CommandError) -> Int {
        let digits = line[(word.lowerBound + 7)..<word.upperBound]
        let text = MessageText.quoted(String(decoding: line[word], as: UTF8.self))
        let range = 1...SendPayload.maximumRepeat
        switch DecimalText.parse(digits) {
        case .value(let n) where range.contains(n): return n
        case .notANumber:
            throw context.error("\(text) is not a count", atByte: word.lowerBound, expected: "repeat=N, e.g. repeat=1000")
        default:
            throw context.error("\(text) is out of range", atByte: word.lowerBound,
                                expected: "repeat=N with N in 1...\(range.upperBound)")
        }
    }

    private static func wordEnd(_ line: [UInt8], from offset: Int) -> Int {
        line[offset...].firstIndex(where: ASCII.isWhitespace) ?? line.count
    }

    private static func checkBlankAfter(_ line: [UInt8], _ index: Int, context: ArgumentList) throws(CommandError) {
        guard index < line.count, !ASCII.isWhitespace(line[index]) else { return }
        let end = wordEnd(line, from: index)
        let extra = MessageText.quoted(String(decoding: line[index..<end], as: UTF8.self))
        throw context.error("unexpected \(extra) after the closing quote", atByte: index,
                            expected: "a blank between parts: " + expectedPart)
    }

    private static func nothingToSend(_ context: ArgumentList, at offset: Int) -> CommandError {
        context.error("nothing to send", atByte: offset, expected: "TEXT, hex:HEX or file:PATH")
    }
}
