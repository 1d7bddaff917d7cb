import Foundation
import Testing
import TestSupport

/// An installed tcpscope (bin/ and share/tcpscope/ under one prefix) finds its help texts from
/// any directory.
@Suite("Installed layout")
struct InstallTests {
    @Test func findsItsHelpTextsFromAnyDirectory() async throws {
        let files = FileManager.default
        let prefix = files.temporaryDirectory.appendingPathComponent("tcpscope-prefix-\(UUID().uuidString)")
        defer { try? files.removeItem(at: prefix) }
        let bin = prefix.appendingPathComponent("bin"), help = prefix.appendingPathComponent("share/tcpscope/help")
        try files.createDirectory(at: bin, withIntermediateDirectories: true)
        try files.createDirectory(at: help, withIntermediateDirectories: true)
        try files.copyItem(atPath: try TcpscopeBinary.path(), toPath: bin.appendingPathComponent("tcpscope").path)
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        for name in ["options.txt", "introduction.txt"] {
            try files.copyItem(at: root.appendingPathComponent("Assets/help/\(name)"), to: help.appendingPathComponent(name))
        }
        let tmux = try await TmuxSession(command: "cd / && \(shellQuote(bin.appendingPathComponent("tcpscope").path)); sleep 30",
                                         width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "Nothing open yet")
        try await tmux.sendKeys("?")
        try await tmux.waitFor(text: "tcpscope shows what the kernel says")
        #expect(!(try await tmux.capture()).contains("help texts were not found"))
        // Page down to the socket options: their teaching texts come from share/tcpscope/help.
        var found = false
        for _ in 0..<30 where !found {
            try await tmux.sendKeys("PageDown")
            found = (try? await tmux.waitFor(text: "Try this:", timeout: .milliseconds(300))) != nil
        }
        #expect(found, "the option texts were not shown")
    }
}
