import Foundation
import Testing
import TestSupport

/// Pastes, as a terminal emulator sends them: tcpscope asks for bracketed paste (mode 2004), so
/// a paste arrives between ESC [200~ and ESC [201~ and is text for the prompt, never keys.
/// What a paste holds (`q`, `y`, `x`, BEL, Escape, newlines) must not quit, confirm, close or
/// end the prompt, and the mode is off again once tcpscope has exited, however it exited.
@Suite("Bracketed paste")
struct PasteFaultTests {
    /// tcpscope in a pane, then `cat -v` in the same terminal: a paste into it shows whether
    /// the terminal still brackets pastes after tcpscope is gone.
    static func toolThenCat(_ arguments: String, before: String = "") throws -> String {
        "\(before)\(shellQuote(try TcpscopeBinary.path())) \(arguments); echo DONE $?; exec cat -v"
    }

    /// After tcpscope exited: a bracketed paste into `cat -v` arrives bare (mode 2004 is off).
    static func expectPasteModeOff(_ tmux: TmuxSession, _ how: String) async throws {
        try await tmux.paste("after-\(how)\n", bracketed: true)
        let screen = try await tmux.waitUntil("cat shows the paste") { $0.components(separatedBy: "after-\(how)").count > 2 }
        #expect(!screen.contains("200~") && !screen.contains("201~"), "\(how): bracketed paste is off again:\n\(screen)")
    }

    @Test func aPasteIntoThePromptIsTextNeverKeys() async throws {
        let tmux = try await TmuxSession(command: try Self.toolThenCat("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        let tool = try await FaultScreen.tool(in: tmux)
        try await tmux.sendKeys(":")
        // BEL and Escape would cancel the prompt, the newline would run it, and q, y, x are the
        // keys for quit, yes and close.
        try await tmux.paste("note one\u{07} two\nq\ty\u{1B} x", bracketed: true)
        let screen = try await tmux.waitFor(text: ":note one two q y x")
        #expect(!screen.contains("y/n"), "no question was asked:\n\(screen)")
        #expect(kill(tool.pid, 0) == 0, "tcpscope runs on")
        try await tmux.sendKeys("Enter")
        try await tmux.waitUntil("the note ran") { $0.contains("note  ok  one two q y x") && !$0.contains(":note one") }
        // The prompt goes on taking keys as keys after the paste.
        try await ScreenEndToEndTests.command(tmux, "note typed")
        try await tmux.waitFor(text: "note  ok  typed")
        try await tmux.sendKeys("q")
        try await tmux.waitFor(text: "y/n")
        try await tmux.sendKeys("y")
        try await tmux.waitFor(text: "DONE 0")
        try await Self.expectPasteModeOff(tmux, "quit")
    }

    /// With no prompt open a paste runs nothing: it opens the command prompt holding the
    /// pasted text, for Enter to run or Escape to drop.
    @Test func aPasteWithNoPromptOpenRunsNothing() async throws {
        let tmux = try await TmuxSession(command: try Self.toolThenCat("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        let tool = try await FaultScreen.tool(in: tmux)
        // Typed, q then y would quit (a listener is open, so q asks first).
        try await tmux.paste("qy", bracketed: true)
        try await tmux.waitFor(text: ":qy")
        #expect(kill(tool.pid, 0) == 0, "nothing ran")
        try await tmux.sendKeys("Escape")
        try await tmux.waitUntil("the prompt closed") { !$0.contains(":qy") }
        try await tmux.paste("x\ny", bracketed: true)
        let screen = try await tmux.waitFor(text: ":x y")
        #expect(!screen.contains("Close l1?"), "x did not ask to close:\n\(screen)")
        try await tmux.sendKeys("C-u", "Escape")
        try await tmux.waitFor(text: "l1   LISTEN")
        #expect(kill(tool.pid, 0) == 0, "tcpscope runs on")
    }

    /// A paste whose end mark never comes (a broken terminal, a cut connection) must not swallow
    /// every key after it: once it has been silent for a second it is over.
    @Test func aPasteThatNeverEndsIsOverAfterASecondOfSilence() async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        try await tmux.sendKeys(":")
        try await tmux.type("\u{1B}[200~note no end\r")
        try await tmux.waitFor(text: ":note no end")
        // The silence is what is tested, so this waits it out (and more, for a busy machine).
        try await Task.sleep(for: .seconds(3))
        try await tmux.sendKeys("Enter")
        try await tmux.waitFor(text: "note  ok  no end")
    }

    /// ctrl-z, then `fg`: while tcpscope is stopped the shell may turn bracketed paste off (bash
    /// does before every command it runs), so tcpscope asks for it again on SIGCONT. (The stop
    /// itself is ncurses' to handle; here the shell's part is played by writing to the pane.)
    @Test func bracketedPasteIsAskedForAgainOnContinue() async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        let tool = try await FaultScreen.tool(in: tmux)
        let terminal = try #require(FileHandle(forWritingAtPath: try await tmux.display("#{pane_tty}")))
        terminal.write(Data("\u{1B}[?2004l".utf8))
        try terminal.close()
        kill(tool.pid, SIGCONT)
        // The signal and tcpscope's answer to it take their time on a busy machine: paste a
        // harmless `zz` (typed, z does nothing) until it arrives bracketed, for 10 s at most.
        let bracketed = try await poll(timeout: .seconds(10), interval: .milliseconds(200)) { () async throws -> Bool? in
            try await tmux.paste("zz", bracketed: true)
            let seen = try? await tmux.waitFor(text: ":zz", timeout: .seconds(1))
            return seen == nil ? nil : true
        }
        #expect(bracketed == true, "pastes are bracketed again after SIGCONT")
        try await tmux.sendKeys("C-u", "Escape")
        // Typed, q then y would quit: pasted, they wait in the prompt.
        try await tmux.paste("qy", bracketed: true)
        try await tmux.waitFor(text: ":qy")
        #expect(kill(tool.pid, 0) == 0, "the paste was text, not q and y")
    }

    /// Every way the screen can end by a signal turns bracketed paste off again.
    @Test(arguments: [(SIGTERM, "TERM"), (SIGINT, "INT"), (SIGHUP, "HUP"), (SIGQUIT, "QUIT")])
    func aSignalTurnsBracketedPasteOff(signal: Int32, name: String) async throws {
        let tmux = try await TmuxSession(command: try Self.toolThenCat("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        let tool = try await FaultScreen.tool(in: tmux)
        kill(tool.pid, signal)
        try await tmux.waitFor(text: "DONE \(128 + signal)", timeout: .seconds(15))
        try await Self.expectPasteModeOff(tmux, "SIG\(name)")
    }
}
