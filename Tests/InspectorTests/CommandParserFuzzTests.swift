import Testing
@testable import Inspector

/// The parser sees input from users, scripts and (through pasted data) peers. Whatever the
/// bytes, it must answer with a line or one bounded, terminal-safe error, and never trap.
@Suite struct CommandParserFuzzTests {
    /// Pieces that reach deep into the grammar, mixed at random.
    static let pieces = [
        "connect", "listen", "select", "send", "read", "peek", "set", "get", "shutdown", "wait", "expect", "sleep",
        "help", "save", "transcript", "try", "s2:", "l1:", ":", "timeout=", "timeout=1s", "hex:", "text", "hex",
        "\"", "'", "\\", "\\x", "\\u", "\\ud800", "#", "=", "nodelay", "ttl", "linger", "keepalive-idle", "rcvbuf",
        "on", "off", "1.5s", "0", "-1", "99999999999999999999", "2m30s", "4k", "[::1]:80", "127.0.0.1:", "*:",
        " ", "  ", "\t", "\r", "\n", "\u{0}", "\u{1B}", "é", "\u{202E}", "🙂", "de ad", "0x", "bytes", "readable",
    ]

    static func check(_ line: String) {
        do {
            _ = try CommandParser.parse(line)
        } catch {
            #expect(!error.message.isEmpty)
            #expect(error.message.utf8.count < 600, "\(line.debugDescription)")
            #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                    "\(error.message.debugDescription)")
            if let column = error.column {
                #expect(column >= 1 && column <= line.unicodeScalars.count + 1, "\(line.debugDescription) \(column)")
            }
        }
        _ = CommandParser.completions(for: line, streamIDs: ["s1", "l1"])
    }

    @Test func randomPiecesNeverTrap() {
        var random = ParserTestRandom(seed: 0xF022)
        for _ in 0..<5_000 {
            let count = Int.random(in: 1...8, using: &random)
            let line = (0..<count).map { _ in Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &random)] }
                .joined(separator: Bool.random(using: &random) ? " " : "")
            Self.check(line)
        }
    }

    @Test func randomBytesNeverTrap() {
        var random = ParserTestRandom(seed: 0xB17E5)
        for _ in 0..<3_000 {
            let bytes = random.bytes(maxCount: 48)
            Self.check(String(decoding: bytes, as: UTF8.self))
            // Also behind each command word, so the argument parsers see the noise.
            let word = CommandParser.commandNames[Int.random(in: 0..<CommandParser.commandNames.count, using: &random)]
            Self.check(word + " " + String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func hugeHostileLinesAreCheap() {
        let size = CommandParser.maximumLineLength - 16
        let lines = [
            "send " + String(repeating: "\\", count: size),
            "send \"" + String(repeating: "\\\"", count: size / 2),
            "send hex:" + String(repeating: "0", count: size),
            "help " + String(repeating: "a ", count: size / 2),
            "save " + String(repeating: "\"", count: size),
            "sleep " + String(repeating: "9", count: size) + "s",
            "read " + String(repeating: "9", count: size),
            "select s" + String(repeating: "1", count: size),
            "connect " + String(repeating: "a", count: size) + ":80",
            "connect [" + String(repeating: ":", count: size) + "]:80",
            String(repeating: "x", count: size),
            String(repeating: "s1:", count: size / 3),
            String(repeating: "é", count: size / 2),
            "expect text " + String(repeating: "\\x4", count: size / 3),
        ]
        for line in lines { Self.check(line) }
        Self.check(String(repeating: "a", count: 10 * CommandParser.maximumLineLength))
    }
}
