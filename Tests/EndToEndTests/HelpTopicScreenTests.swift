import Testing
import TestSupport

/// `help TOPIC` on the screen, in tmux.
@Suite("Help topics in tmux")
struct HelpTopicScreenTests {
    /// `:help linger` opens the help screen at linger's text, not at the top; `:help nodlay`
    /// opens nothing and says what it would have meant.
    @Test func helpOpensAtItsTopic() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope(""), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "? help")
        try await ScreenEndToEndTests.command(tmux, "help linger")
        let screen = try await tmux.waitFor(text: "linger  (SO_LINGER)")
        #expect(!screen.contains("tcpscope shows what the kernel says"), "not the top of the help")
        #expect(screen.contains("SO_LINGER decides what close does"))
        try await tmux.sendKeys("Escape")
        try await ScreenEndToEndTests.command(tmux, "help nodlay")
        let said = try await tmux.waitFor(text: "did you mean 'nodelay'?")
        #expect(said.contains("no command or option is called 'nodlay'"))
        #expect(!said.contains("linger  (SO_LINGER)"), "the help screen stays closed")
    }
}
