import Foundation
import Testing
import TestSupport

/// Signals against the real screen: SIGINT, SIGTERM and SIGHUP end tcpscope with the status a
/// shell expects and give the terminal back (main screen, cursor shown, echo and canonical
/// mode on); a write that would raise SIGPIPE is an errno in the Log, and the screen stays.
@Suite("Signals and the terminal")
struct SignalFaultTests {
    @Test(arguments: [(SIGINT, "INT"), (SIGTERM, "TERM"), (SIGHUP, "HUP")])
    func aTerminationSignalRestoresTheTerminal(signal: Int32, name: String) async throws {
        // After tcpscope: its status, then the terminal modes as stty sees them.
        let command = try ScreenEndToEndTests.tcpscope("listen 0")
            .replacingOccurrences(of: "; echo DONE $?;", with: "; echo DONE $?; stty -a | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' -e '-*icrnl' | tr '\\n' ' '; echo;")
        let tmux = try await TmuxSession(command: command, width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        #expect(try await tmux.display("#{alternate_on}") == "1", "curses runs in the alternate screen")
        let tool = try await FaultScreen.tool(in: tmux)
        kill(tool.pid, signal)
        let screen = try await tmux.waitUntil("the shell reports the status and the modes") {
            $0.contains("DONE \(128 + signal)") && $0.contains("icrnl")
        }
        #expect(!screen.contains("LISTEN"), "the main screen is back")
        let modes = screen.components(separatedBy: .whitespacesAndNewlines)
        #expect(["icanon", "echo", "icrnl"].allSatisfy(modes.contains), "canonical mode and echo are on again: \(screen)")
        #expect(try await tmux.display("#{alternate_on}|#{cursor_flag}|#{keypad_flag}") == "0|1|0", "SIG\(name)")
    }

    @Test func writesToAResetConnectionAreErrnosInTheLog() async throws {
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0"), width: 120, height: 40)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        for line in ["connect l1", "s2: set linger 0s", "s2: close", "s1: send one", "s1: send two"] {
            try await ScreenEndToEndTests.command(tmux, line)
        }
        let screen = try await tmux.waitUntil("both sends failed") { $0.contains("send \"two\"  sent 0 of 3 bytes, then EPIPE") }
        #expect(screen.contains("send \"one\"  sent 0 of 3 bytes, then ECONNRESET") || screen.contains("send \"one\"  sent 0 of 3 bytes, then EPIPE"))
        #expect(tmux.isAlive(), "no SIGPIPE")
        try await ScreenEndToEndTests.command(tmux, "get ttl")
        try await tmux.waitFor(text: "ttl=64")
    }
}
