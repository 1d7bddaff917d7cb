import Foundation
import Testing
import TestSupport

/// Enter on a Log line shows it whole, wrapped, with its bytes in hex; Esc closes it.
@Suite("Log lines shown whole, in tmux")
struct LogEntryScreenTests {
    @Test func enterShowsTheWholeLineAndItsBytesAndEscClosesIt() async throws {
        let peer = try ScreenEndToEndTests.peer(sending: "x")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 34)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        let text = "the-start " + String(repeating: "middle ", count: 12) + "the-end"
        try await ScreenEndToEndTests.command(tmux, "send \"\(text)\"")
        let before = try await tmux.waitFor(text: "send \"the-start")
        #expect(!before.contains("the-end"), "the Log pane cuts the line")

        try await tmux.sendKeys("5")
        try await tmux.sendKeys("Enter")
        let whole = try await tmux.waitFor(text: "Log event 1 · j/k scroll · Esc closes")
        #expect(whole.contains("the-end\""), "the whole line, wrapped:\n\(whole)")
        #expect(whole.contains("\(text.utf8.count) bytes in hex:"), "\(whole)")
        #expect(whole.contains("00000000  74 68 65 2d 73 74 61 72  74 20 6d 69 64 64 6c 65  |the-start middle|"), "\(whole)")
        #expect(whole.contains("2d 65 6e 64") && whole.contains("|e-end|"), "the last bytes too:\n\(whole)")

        try await tmux.sendKeys("Escape")
        let closed = try await tmux.waitUntil("the overlay closes") { !$0.contains("Log event 1") && $0.contains("─ Log ─") }
        #expect(closed.contains("Streams"))

        // k moves the Log's cursor up a line: Enter now opens the connect.
        try await tmux.sendKeys("k")
        try await tmux.sendKeys("Enter")
        let connect = try await tmux.waitUntil("an earlier event opens") { $0.contains("Log event ") && !$0.contains("Log event 1 ") }
        #expect(connect.contains("connect 127.0.0.1:\(port)  ok  127.0.0.1:"), "\(connect)")
        #expect(!connect.contains("bytes in hex"), "a call without bytes shows no hex")
        try await tmux.sendKeys("Escape")
        _ = try await tmux.waitUntil("the overlay closes") { !$0.contains("Log event ") }
    }
}
