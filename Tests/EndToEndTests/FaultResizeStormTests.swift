import Foundation
import Testing
import TestSupport

/// A storm of SIGWINCH: the terminal resized 100 times in a row, to sizes above and below the
/// smallest usable one. When it settles the screen is exactly what a full redraw gives at the
/// final size, and the tool still takes keys.
@Suite("SIGWINCH storms")
struct ResizeStormFaultTests {
    static let resizes = ProcessInfo.processInfo.environment["SOAK_RESIZES"].flatMap(Int.init) ?? 100

    @Test func aHundredResizesInARowLeaveACorrectScreen() async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        try await ScreenEndToEndTests.command(tmux, "connect l1")
        try await tmux.waitFor(text: "s2   ESTABLISHED")
        let sizes = [(80, 24), (200, 60), (60, 20), (161, 50), (139, 40), (81, 25), (30, 10), (240, 70)]
        for n in 0..<Self.resizes {
            let (width, height) = sizes[n % sizes.count]
            try await tmux.resize(width: width + n % 3, height: height + n % 2)
        }
        try await tmux.resize(width: 120, height: 36)
        // tmux resizes its own grid at once but tells the program (the pty's size, SIGWINCH)
        // up to a quarter of a second later, at most four times a second, more slowly on a busy
        // machine. Meanwhile the grid shows the last frame drawn for an earlier size, cut or
        // scrolled to fit, and a footer may even land on the last row. So wait for the frame of
        // the final size itself: every pane where the 120x36 arrangement puts it.
        let settled = try await tmux.waitUntil("the 120x36 frame is drawn", timeout: .seconds(30)) { screen in
            Self.isNarrowFrame120x36(screen.components(separatedBy: "\n")) && screen.contains("s2   ESTABLISHED")
        }
        // A full redraw (C-l), then a command so that a frame surely follows it: the panes above
        // the Log must be what was already there.
        try await tmux.sendKeys("C-l")
        try await ScreenEndToEndTests.command(tmux, "s1: send after-the-storm")
        let redrawn = try await tmux.waitFor(text: "|after-the-storm|")
        let upper = Self.withoutTimes(settled).prefix { !$0.contains("┌─ Options") }
        #expect(upper.count > 20)
        #expect(Array(Self.withoutTimes(redrawn).prefix(upper.count)).enumerated().allSatisfy { index, line in
            // The send changed the stream rows' counts and s2's Data pane; the rest is as it was.
            line == upper[index] || line.contains("ESTABLISHED") || line.contains("after-the-storm") || line.contains("peeked")
        }, "the screen after the storm is what a full redraw draws:\n\(settled)\n\(redrawn)")
        #expect(tmux.isAlive())
    }

    /// Whether `lines` are a whole frame of the narrow arrangement at 120x36 (see `Layout`):
    /// Streams on rows 1-8, Data on 9-24, Options beside the Log on 25-33, then the status line
    /// and the footer. A frame for any other size, cut to fit, has its borders elsewhere.
    static func isNarrowFrame120x36(_ lines: [String]) -> Bool {
        guard lines.count >= 36, lines.prefix(36).allSatisfy({ $0.count <= 120 }) else { return false }
        return lines[0].hasPrefix(" tcpscope ") && lines[1].hasPrefix("┌─ Streams") && lines[1].count == 120
            && lines[8].hasPrefix("└") && lines[9].hasPrefix("┌─ Data") && lines[24].hasPrefix("└")
            && lines[25].hasPrefix("┌─ Options") && lines[25].contains("┐┌─ Log") && lines[33].hasPrefix("└")
            && lines[35].hasPrefix("?Help :Cmd")
    }

    /// The screen with the things that change by themselves (rtt, elapsed times, sparklines)
    /// left out: the pane borders, ids, states and addresses must match.
    static func withoutTimes(_ screen: String) -> [String] {
        screen.components(separatedBy: "\n").map { line in
            line.replacingOccurrences(of: #"[0-9.]+(us|ms|s)\b"#, with: "T", options: .regularExpression)
                .replacingOccurrences(of: "[▁▂▃▄▅▆▇█]+", with: "", options: .regularExpression)
        }
    }
}
