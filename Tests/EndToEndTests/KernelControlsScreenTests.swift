import Foundation
import Testing
import TestSupport

/// How many options a stream lists (enough `j` presses to reach the last).
private enum SocketOptionCount { static let all = 20 }

/// The newer kernel controls on screen: the Options pane lists them with their C names and
/// the values the kernel reports, for a stream and for a listener.
@Suite("Kernel controls on screen")
struct KernelControlsScreenTests {
    @Test func theOptionsPaneShowsTheNewControlsAsTheKernelReportsThem() async throws {
        let peer = try ScreenEndToEndTests.peer(sending: "x")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 60)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await ScreenEndToEndTests.command(tmux, "set congestion reno")
        try await ScreenEndToEndTests.command(tmux, "set user-timeout 2500ms")
        try await ScreenEndToEndTests.command(tmux, "set tos 3")
        try await ScreenEndToEndTests.command(tmux, "set cork on")
        let top = try await tmux.waitUntil("the new options show") { s in
            s.contains("user-timeout       2.5s") && s.contains("cork               on") && s.contains("set tos 3  ok  0")
        }
        #expect(top.contains("TCP_CORK"))
        // The rest of the list is below: focus the Options pane and move to its end.
        try await tmux.sendKeys("2")
        for _ in 0..<SocketOptionCount.all { try await tmux.sendKeys("j") }
        let screen = try await tmux.waitUntil("the end of the list shows") { s in
            s.contains("congestion         reno") && s.contains("reuseport          off")
        }
        // At 100 columns the C-name column holds 12 characters; the longer names are cut there.
        for name in ["TCP_NOTSENT_", "TCP_CONGESTI", "IP_TOS", "TCP_MAXSEG", "SO_REUSEPORT"] {
            #expect(screen.contains(name), "the Options pane names \(name)")
        }
        #expect(screen.contains("tos                0"), "the ECN bits are the kernel's: 3 reads back 0")
        try await ScreenEndToEndTests.command(tmux, "set congestion bogus")
        // The status line says the kernel's answer, with the names it allows.
        let refused = try await tmux.waitFor(text: "ENOENT (No such file or directory): allowed here:")
        #expect(refused.contains("congestion         reno"), "a refused name changes nothing")
    }

    @Test func aListenersOptionsIncludeWhatItsStreamsInherit() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("listen 0"), width: 120, height: 40)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "LISTEN")
        try await ScreenEndToEndTests.command(tmux, "set maxseg 1000")
        let screen = try await tmux.waitUntil("the listener's options show") { s in
            s.contains("maxseg             1000") && s.contains("reuseport          off")
        }
        #expect(screen.contains("congestion"))
        #expect(screen.contains("tos                0"))
        // A listener that does not accept says so in the Streams pane.
        try await ScreenEndToEndTests.command(tmux, "listen 0 backlog=1 accept=off")
        let held = try await tmux.waitFor(text: "listen 127.0.0.1:0 backlog=1 accept=off  ok")
        let row = held.split(separator: "\n").first { $0.contains("l2") && $0.contains("LISTEN") }
        #expect(row?.contains("hold") == true, "\(row ?? "no l2 row")")
    }
}
