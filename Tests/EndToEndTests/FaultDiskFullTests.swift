import Foundation
import Testing
import TestSupport

/// A disk that fills while the screen runs: the status line says so at once, the Log keeps the
/// failed write, and the status line keeps naming the incomplete file after later messages;
/// the exit status says it too. The disk is a real 1 MiB tmpfs, the peer sends 4 MiB.
@Suite("A full disk on the screen", .enabled(if: SmallTmpfs.isAvailable, Comment(rawValue: SmallTmpfs.unavailableReason)))
struct DiskFullScreenTests {
    @Test func lostWritesAreSaidAndStayInView() async throws {
        let disk = try SmallTmpfs()
        defer { disk.remove() }
        let saved = disk.file("saved.bin")
        let (peer, port) = try ScriptedPeer.randomSender(count: 4 << 20, waitForGo: true)
        let height = 40
        let tmux = try await TmuxSession(
            command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port) --save-read \(shellQuote(saved))"),
            width: 160, height: height)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await tmux.sendKeys("f")
        try await tmux.waitFor(text: "follow on")
        try peer.send("go\n")

        // The status line (the second-to-last row) says it, and so does a row of the Log.
        let statusRow = height - 2
        func rows(_ screen: String) -> [Substring] { screen.split(separator: "\n", omittingEmptySubsequences: false) }
        func says(_ screen: String, status: String, log: String) -> Bool {
            let lines = rows(screen)
            return lines.count > statusRow && lines[statusRow].contains(status)
                && lines.prefix(statusRow).contains { $0.contains(log) && $0.contains("ENOSPC") }
        }
        try await tmux.waitUntil("the status line and the Log say the save-read file is incomplete", timeout: .seconds(120)) {
            says($0, status: "save-read: ENOSPC", log: " save-read ")
        }
        // Reading goes on; the file holds what fitted.
        try await tmux.waitFor(text: "end of stream after \(4 << 20)", timeout: .seconds(300))

        // A save that does not fit: said, and logged, the same way.
        try await ScreenEndToEndTests.command(tmux, "save \(disk.file("session.tcps"))")
        try await tmux.waitUntil("the status line and the Log say the save failed") {
            says($0, status: "save: ENOSPC", log: " save ")
        }

        // A later message takes the status line, but the incomplete files stay named in it.
        try await tmux.sendKeys("d")
        let later = try await tmux.waitUntil("a later message is shown") {
            let lines = rows($0)
            return lines.count > statusRow && lines[statusRow].contains("Data pane: sent")
        }
        #expect(rows(later)[statusRow].contains("save-read, save incomplete: ENOSPC"), "still in view:\n\(rows(later)[statusRow])")

        try await tmux.sendKeys("q")
        try await tmux.waitFor(text: "Quit and close")
        try await tmux.sendKeys("y")
        let end = try await tmux.waitFor(text: "DONE ")
        #expect(end.contains("DONE 1"), "a lost write fails the exit status:\n\(end)")
        #expect(end.contains("tcpscope: save-read: ENOSPC"), "and is said once the screen has closed:\n\(end)")
    }
}
