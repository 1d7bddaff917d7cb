import Foundation
import Testing
import TestSupport

/// What a person can throw at the prompt: a paste far longer than a line may be, a line of
/// every kind of mistake, and commands at ids that do not exist. Each gets a message on the
/// status line; the screen stays whole and keeps taking keys.
@Suite("The prompt under abuse")
struct PromptFaultTests {
    @Test func aHugePasteIsCutAtTheLimitAndSaysSo() async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 120, height: 36)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        try await tmux.sendKeys(":")
        try await tmux.paste("send " + String(repeating: "x", count: 200_000))
        // The prompt shows the end of the line it kept.
        try await tmux.waitUntil("the paste is in", timeout: .seconds(60)) { $0.contains(":" + String(repeating: "x", count: 100)) }
        // The prompt holds the status line; the footer says the line is full.
        let full = try await tmux.waitFor(text: "the line is full (65536 characters)", timeout: .seconds(10))
        #expect(full.components(separatedBy: "\n").last { !$0.isEmpty }?.hasPrefix("the line is full") == true)
        try await tmux.sendKeys("Enter")
        // Cut at 65,536 characters: `send ` and 65,531 x's, a line the parser takes whole, for
        // the selected listener, which refuses it.
        let screen = try await tmux.waitUntil("the command was refused", timeout: .seconds(30)) {
            $0.contains("send: l1 is a listener")
        }
        #expect(screen.hasPrefix(" tcpscope "))
        #expect(screen.components(separatedBy: "\n").allSatisfy { $0.count <= 120 }, "no line ran past the terminal's width")
        try await ScreenEndToEndTests.command(tmux, "connect l1")
        try await tmux.waitFor(text: "s2   ESTABLISHED")
        try await tmux.sendKeys(":")
        try await tmux.paste("send " + String(repeating: "y", count: 65_000))
        try await tmux.sendKeys("Enter")
        try await tmux.waitFor(text: "s1 sent 65000 bytes", timeout: .seconds(30))
    }

    @Test func mistakesAndMissingIdsGetAMessageAndChangeNothing() async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 120, height: 36)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        let cases: [(String, String)] = [
            ("s9: read", "s9 is not open (open: l1)"),
            ("select s4", "s4 is not open"),
            ("set ttl 0", "'0' is out of range (expected 1...255)"),
            ("read 99999999999999999999", "read"),
            ("wait bytes", "wait"),
            ("sleep 25h", "too long"),
            ("connect l7", "l7 is not an open listener"),
            ("frobnicate", "unknown command"),
            ("send \"unterminated", "send"),
            ("l1: read", "l1 is a listener"),
        ]
        for (line, message) in cases {
            try await ScreenEndToEndTests.command(tmux, line)
            try await tmux.waitUntil("\(line) says \(message)") { screen in
                let lines = screen.components(separatedBy: "\n")
                return lines.count > 34 && lines[34].contains(message)
            }
        }
        let screen = try await tmux.capture()
        #expect(screen.contains("Streams (0 streams, 1 listener)"), "nothing was opened or closed")
        #expect(tmux.isAlive())
    }
}
