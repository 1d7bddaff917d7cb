import Foundation
import Testing
import TestSupport

/// Terminals tcpscope cannot draw on, and SIGQUIT (ctrl-\): each ends cleanly, with the
/// terminal as it was and a status a shell understands, at once.
@Suite("Terminal kinds and SIGQUIT")
struct TerminalKindFaultTests {
    /// A terminal without cursor addressing (`cup`) would get a garbled screen: refused before
    /// anything is drawn, with a message and a failing status.
    @Test(arguments: [("dumb", "cannot move the cursor"), ("tcpscope-no-such-terminal", "not a terminal type this system knows")])
    func aTerminalThatCannotAddressTheCursorIsRefused(term: String, says: String) async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 100, height: 30,
                                         environment: ["TERM": term])
        defer { withExtendedLifetime(tmux) {} }
        let screen = try await tmux.waitUntil("tcpscope refused TERM=\(term)", timeout: .seconds(15)) {
            $0.range(of: #"DONE [0-9]+"#, options: .regularExpression) != nil
        }
        #expect(screen.contains(says) && screen.contains("TERM=\(term)"), "\(screen)")
        #expect(!screen.contains("DONE 0"), "a failing status: \(screen)")
        #expect(!screen.contains("LISTEN"), "no screen was drawn: \(screen)")
        #expect(try await tmux.display("#{alternate_on}") == "0")
    }

    /// SIGQUIT (ctrl-\): tcpscope gives the terminal back and dies of it as of SIGTERM, at
    /// once, without the runtime's crash report (a backtrace, then 30 s waiting for a key) and
    /// without a core file.
    @Test func sigquitEndsLikeSigterm() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-quit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // Core files allowed and written here, if the process dumped one.
        let command = "cd \(shellQuote(scratch)) && ulimit -c unlimited 2>/dev/null; "
            + (try ScreenEndToEndTests.tcpscope("listen 0"))
                .replacingOccurrences(of: "; echo DONE $?;", with: "; echo DONE $?; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' | tr '\\n' ' '; echo;")
        let tmux = try await TmuxSession(command: command, width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        let tool = try await FaultScreen.tool(in: tmux)
        let clock = ContinuousClock()
        let start = clock.now
        // As ctrl-\ would, but to tcpscope alone: the shells around it would take it too.
        kill(tool.pid, SIGQUIT)
        let screen = try await tmux.waitUntil("the shell reports the status", timeout: .seconds(15)) { $0.contains("DONE ") && $0.contains("icanon") }
        let took = clock.now - start
        #expect(screen.contains("DONE \(128 + SIGQUIT)"), "died of SIGQUIT: \(screen)")
        #expect(took < .seconds(10), "at once, not after the crash report's 30 s: \(took)")
        for word in ["Crash", "crash", "Backtrace", "Thread 0", "Press space"] {
            #expect(!screen.contains(word), "no crash report (\(word)):\n\(screen)")
        }
        let modes = screen.components(separatedBy: .whitespacesAndNewlines)
        #expect(["icanon", "echo"].allSatisfy(modes.contains), "canonical mode and echo are on again: \(screen)")
        #expect(try await tmux.display("#{alternate_on}|#{cursor_flag}|#{keypad_flag}") == "0|1|0")
        #expect(kill(tool.pid, 0) != 0, "the process is gone")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch)
        #expect(!files.contains { $0.hasPrefix("core") }, "no core file: \(files)")
    }
}
