import Foundation
import Testing
import TestSupport

/// Hostile bytes from a peer against the real screen: every byte value, escape sequences of
/// every family (CSI, OSC titles ended by BEL and by ST, DCS, APC, PM, SOS, C1 controls raw and
/// UTF-8 encoded), invalid, overlong and surrogate UTF-8, bidi overrides, NULs and a long line.
/// The terminal's modes and title are the same before and after (tmux's own record of them),
/// no escape sequence reaches the pane, and the hex view shows every byte exactly.
@Suite("Hostile bytes in the screen")
struct HostileBytesFaultTests {
    static let payload: [UInt8] = {
        var bytes = Array(0...255) as [UInt8]
        let sequences = [
            "\u{1B}]0;pwned-title\u{07}", "\u{1B}]2;pwned-st\u{1B}\\", "\u{1B}[2J\u{1B}[H", "\u{1B}[31;1;5m",
            "\u{1B}[?1049l", "\u{1B}[?25l", "\u{1B}[?1000h", "\u{1B}[4h", "\u{1B}[?7l", "\u{1B}=", "\u{1B}P+q544e\u{1B}\\",
            "\u{1B}_apc\u{1B}\\", "\u{1B}^pm\u{1B}\\", "\u{1B}Xsos\u{1B}\\", "\u{1B}c",
        ]
        for s in sequences { bytes += Array(s.utf8) }
        bytes += [0x9B, 0x33, 0x31, 0x6D, 0x9D, 0x30, 0x3B, 0x78, 0x07]     // C1 CSI and OSC, raw
        bytes += [0xC2, 0x9B, 0x33, 0x31, 0x6D, 0xC2, 0x9D, 0x30, 0x3B, 0x79, 0x07]  // the same, UTF-8 encoded
        bytes += [0xE2, 0x80, 0xAE, 0xE2, 0x81, 0xA6]                         // bidi overrides
        bytes += [0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xED, 0xA0, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80, 0xFF, 0xFE]
        bytes += [0, 0, 0, 0] + Array(repeating: UInt8(ascii: "L"), count: 1500)
        return bytes
    }()

    @Test func theTerminalIsUntouchedAndTheHexViewIsExact() async throws {
        let hex = Self.payload.map { String(format: "%02x", $0) }.joined()
        let (peer, port) = try ScriptedPeer.listening("wait_for('go'); c.sendall(bytes.fromhex(sys.argv[2])); time.sleep(60)",
                                                      arguments: [hex])
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 160, height: 60)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        let before = try await tmux.display(FaultScreen.modes)
        try peer.send("go\n")
        try await tmux.waitFor(text: "peeked \(FaultScreen.grouped(Self.payload.count))")
        #expect(try await tmux.display(FaultScreen.modes) == before, "the bytes, peeked and drawn, changed nothing")

        // The hex view of the peeked bytes, scrolled through: every row exact (32 bytes a row
        // at 160 columns).
        try await tmux.sendKeys("3", "Home")
        try await tmux.waitFor(text: "00000000  00 01 02 03")
        let peekedRows = try await Self.allRows(tmux)
        #expect(peekedRows == FaultScreen.expectedRows(Self.payload, perRow: 32), Self.firstDifference(peekedRows))

        try await tmux.sendKeys("f")
        try await tmux.waitFor(text: "peeked 0")
        try await tmux.sendKeys("Home")
        try await tmux.waitFor(text: "00000000  00 01 02 03")
        let readRows = try await Self.allRows(tmux)
        #expect(readRows == FaultScreen.expectedRows(Self.payload, perRow: 32), Self.firstDifference(readRows))
        #expect(try await tmux.display(FaultScreen.modes) == before, "reading them changed nothing")
        let styled = try await tmux.capture(escapes: true)
        for introducer in ["\u{1B}]", "\u{1B}P", "\u{1B}_", "\u{1B}^", "\u{1B}X", "\u{9B}", "\u{9D}", "\u{202E}", "\u{2066}"] {
            #expect(!styled.contains(introducer), "no \(introducer.unicodeScalars.map { String($0.value, radix: 16) }) reached the pane")
        }
        let screen = try await tmux.capture()
        #expect(screen.hasPrefix(" tcpscope "), "nothing cleared or moved the screen")
        #expect(screen.components(separatedBy: "\n").prefix(60).allSatisfy { $0.count <= 160 })

        try await tmux.sendKeys("q")
        try await tmux.waitFor(text: "Quit and close")
        try await tmux.sendKeys("y")
        _ = try await tmux.waitFor(text: "DONE 0")
        let after = try await tmux.display(FaultScreen.modes)
        #expect(after.hasPrefix(before.prefix { $0 != "|" } + "|alt=0|cursor=1"), "the title is the shell's and the terminal is back: \(after)")
    }

    /// Every hex row the Data pane shows, paging down from where it is until the rows stop
    /// changing (at most 60 pages).
    static func allRows(_ tmux: TmuxSession) async throws -> [String] {
        var rows: [String] = []
        var seen = Set<String>()
        for _ in 0..<60 {
            let page = FaultScreen.hexRows(try await tmux.capture())
            let new = page.filter { !seen.contains($0) }
            if new.isEmpty { break }
            for row in new { seen.insert(row); rows.append(row) }
            try await tmux.sendKeys("PageDown")
            let moved = try await poll(timeout: .seconds(2)) { () async throws -> Bool? in
                FaultScreen.hexRows(try await tmux.capture()) != page ? true : nil
            }
            if moved == nil { break }  // the last page
        }
        return rows.sorted()
    }

    static func firstDifference(_ rows: [String]) -> Comment {
        let expected = FaultScreen.expectedRows(payload, perRow: 32)
        guard let i = zip(rows, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            return "\(rows.count) rows shown, \(expected.count) expected"
        }
        return "row \(i): shown \(rows[i]) expected \(expected[i])"
    }
}
