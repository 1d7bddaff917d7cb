import Foundation
import Testing
import TestSupport

/// Durations rounded for people, sizes in one style, and counts with the right noun, as a
/// person sees them on the screen.
@Suite("Numbers for people, in tmux")
struct HumanNumbersScreenTests {
    @Test func roundedDurationsOneSizeStyleAndSingularCounts() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("--capture-bound 64KiB"), width: 120, height: 40)
        defer { withExtendedLifetime(tmux) {} }
        try await ScreenEndToEndTests.command(tmux, "listen 0")
        try await ScreenEndToEndTests.command(tmux, "connect l1")
        try await tmux.waitFor(text: "Streams (2 streams, 1 listener)")

        // A wait that times out took a measured time with nanoseconds in it: the Log rounds it.
        try await ScreenEndToEndTests.command(tmux, "wait bytes 1 timeout=30ms")
        try await tmux.waitFor(text: "wait bytes 1 timeout=30ms  timed out")
        try await tmux.sendKeys("5")
        try await tmux.sendKeys("Enter")
        let waited = try await tmux.waitFor(text: "Esc closes ─")
        let took = waited.range(of: #"\(\d+(\.\d+)?(ms|s)\)"#, options: .regularExpression).map { String(waited[$0]) }
        #expect(took.map { $0.filter(\.isNumber).count <= 3 } == true,
                "the elapsed time has at most three significant digits: \(took ?? "none")")
        try await tmux.sendKeys("Escape")

        // 70 KiB sent, 64 KiB kept: the Streams column and the Data pane use one size style.
        try await ScreenEndToEndTests.command(tmux, #"send "0123456789" repeat=7168"#)
        try await tmux.sendKeys("d")
        let sent = try await tmux.waitFor(text: "70 KiB")
        #expect(sent.range(of: #"s1 +ESTABLISHED .* 0 +70 KiB "#, options: .regularExpression) != nil, "\(sent)")
        try await tmux.sendKeys("3")
        try await tmux.sendKeys("Home")
        try await tmux.waitFor(text: "6,144 older bytes dropped (the capture keeps the newest 64 KiB)")

        try await ScreenEndToEndTests.command(tmux, "s2: close")
        try await tmux.waitFor(text: "Streams (1 stream, 1 closed, 1 listener)")
        try await tmux.sendKeys("q")
        try await tmux.waitFor(text: "Quit and close 1 open stream and 1 listener? y/n")
    }
}
