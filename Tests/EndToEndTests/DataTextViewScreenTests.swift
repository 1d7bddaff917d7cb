import Foundation
import Testing
import TestSupport

/// The Data pane's text view (`t`) and its wide hex rows, on the real binary in tmux.
@Suite("Data pane: text view and wide rows, in tmux")
struct DataTextViewScreenTests {
    @Test func tShowsLinesWithCRLFMarkedAndEveryOtherByteEscaped() async throws {
        let peer = try ScreenEndToEndTests.peer(sending: "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nhi\u{1b}]0;pwned\u{07} there\n")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 34)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "▼ peeked 49 (kernel: 49)")
        try await ScreenEndToEndTests.command(tmux, "read 20")
        try await tmux.waitFor(text: "▲ read 20")
        try await tmux.sendKeys("t")
        let screen = try await tmux.waitFor(text: "Data s1 received (text): read 20 · peeked 29")
        #expect(screen.contains("00000000  HTTP/1.0 200 OK␍␊"), "\(screen)")
        #expect(screen.contains("00000011  Ser\n") || screen.contains("00000011  Ser "), "the read part of a line ends at the read offset:\n\(screen)")
        #expect(screen.contains("00000014  ver: x␍␊"), "the peeked part continues below the marker:\n\(screen)")
        #expect(screen.contains("0000001c  ␍␊"), "\(screen)")
        #expect(screen.contains(#"0000001e  hi\x1b]0;pwned\x07 there␊"#), "control bytes are escaped:\n\(screen)")
        #expect(try await tmux.paneTitle() != "pwned", "no escape sequence reached the terminal")

        let styled = StyledScreen(try await tmux.capture(escapes: true))
        let read = try #require(styled.style(of: "HTTP/1.0"))
        let peeked = try #require(styled.style(of: "ver: x"))
        let mark = try #require(styled.style(of: "␍␊"))
        #expect(read.foreground != nil && peeked.foreground != nil && read.foreground != peeked.foreground,
                "read and peeked keep their colours: \(read) / \(peeked)")
        #expect(mark != read && mark != peeked, "CR and LF marks are drawn dim: \(mark)")

        // Find works on the text view's bytes, as on the hexdump's.
        try await tmux.sendKeys("/")
        try await tmux.type("pwned")
        try await tmux.sendKeys("Enter")
        try await tmux.waitFor(text: "found at offset 36")
        let found = StyledScreen(try await tmux.capture(escapes: true))
        #expect(try #require(found.style(of: "pwned")) != peeked, "the match is marked")

        // `d` shows what was sent, as text too; `t` again brings the hexdump back.
        try await ScreenEndToEndTests.command(tmux, #"send "PING\r\n""#)
        try await tmux.sendKeys("d")
        let sent = try await tmux.waitFor(text: "Data s1 sent (text): 6")
        #expect(sent.contains("00000000  PING␍␊"), "\(sent)")
        try await tmux.sendKeys("t")
        try await tmux.waitFor(text: "00000000  50 49 4e 47 0d 0a")
    }

    @Test func aWidePaneShowsThirtyTwoBytesARow() async throws {
        let peer = try ScreenEndToEndTests.peer(sending: "abcdefghijklmnopqrstuvwxyz0123456789ABCD")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 200, height: 50)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await ScreenEndToEndTests.command(tmux, "read")
        let wide = try await tmux.waitFor(text: "|abcdefghijklmnopqrstuvwxyz012345|")
        #expect(wide.contains("00000000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  71 72 73 74 75 76 77 78  79 7a 30 31 32 33 34 35  |"), "\(wide)")
        #expect(wide.contains("00000020  36 37 38 39 41 42 43 44"), "\(wide)")
        try await tmux.resize(width: 120, height: 50)
        let narrow = try await tmux.waitFor(text: "|abcdefghijklmnop|")
        #expect(narrow.contains("00000010  71 72 73 74"), "\(narrow)")
    }
}
