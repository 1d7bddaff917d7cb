import TestSupport
import Foundation
import Testing

/// `tcpscope check-terminal` in a real terminal: drawing, UTF-8 and its ASCII fallback, colour
/// roles and NO_COLOR, resizes, keys, and getting the terminal back on every way out.
@Suite("check-terminal in tmux")
struct CheckTerminalTests {
    /// A shell line that runs check-terminal, reports its exit status, and then proves the
    /// terminal is usable again: it prints the tty's echo and canonical-mode flags and echoes
    /// back a typed line.
    static func checkTerminal(_ arguments: String = "", trapInterrupt: Bool = false) throws -> String {
        let binary = shellQuote(try TcpscopeBinary.path())
        // A trap with a command makes the shell survive ctrl-c while its child gets the signal
        // with the default disposition (an ignored signal would be inherited).
        let trap = trapInterrupt ? "trap 'echo' INT; " : ""
        // No core files from the crash tests, wherever the limit stands on the machine.
        return "ulimit -c 0; " + trap + "\(binary) check-terminal \(arguments); echo DONE $?; "
            + "echo TTY $(stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | sort); "
            + "read reply; echo GOT:$reply"
    }

    /// Waits until the whole page is on screen: a terminal may show a frame half-written, so
    /// waiting for one line says nothing about the rest.
    @discardableResult
    static func waitForPage(_ tmux: TmuxSession, width: Int, height: Int, ascii: Bool = false) async throws -> [String] {
        // Interior rows start and end with a side, or with the tees of the rule under the facts.
        let (top, bottom, left, right) = ascii ? ("+", "+", ["|", "+"], ["|", "+"]) : ("┌", "└", ["│", "├"], ["│", "┤"])
        let screen = try await tmux.waitUntil("the page fills \(width)x\(height)") { screen in
            let lines = screen.components(separatedBy: "\n")
            guard lines.count >= height, screen.contains("size: \(width)x\(height)") else { return false }
            return lines[0].hasPrefix(top) && lines[0].count == width
                && lines[height - 1].hasPrefix(bottom) && lines[height - 1].count == width
                && lines[1..<(height - 1)].allSatisfy { line in
                    line.count == width && left.contains { line.hasPrefix($0) } && right.contains { line.hasSuffix($0) }
                }
        }
        return screen.components(separatedBy: "\n")
    }

    /// The tcpscope process running in the pane, found under the pane's shell.
    static func tcpscopePID(in tmux: TmuxSession) async throws -> pid_t {
        let shell = try await tmux.panePID()
        let pids = try await poll(timeout: .seconds(5)) { () -> [pid_t]? in
            let found = ProcessTree.descendants(of: shell, named: "tcpscope")
            return found.isEmpty ? nil : found
        }
        guard let pid = pids?.first else {
            throw HarnessError("no tcpscope process under the pane's shell \(shell)")
        }
        return pid
    }

    /// After check-terminal exited with `status`: the DONE line is there, the page is gone (the
    /// alternate screen was left), echo and canonical mode are back, and a typed line echoes.
    static func expectRestored(_ tmux: TmuxSession, status: Int) async throws {
        let screen = try await tmux.waitFor(text: "DONE \(status)", timeout: .seconds(30))
        #expect(!screen.contains("size: \(tmux.width)x"), "the test page is still on screen:\n\(screen)")
        try await tmux.waitFor(text: "TTY echo icanon")
        try await tmux.type("typed back")
        try await tmux.sendKeys("Enter")
        let after = try await tmux.waitFor(text: "GOT:typed back")
        #expect(after.split(separator: "\n").contains("typed back"), "typing was not echoed:\n\(after)")
    }

    @Test("draws the box and the UTF-8 line, and exits 0 on a key with the terminal restored")
    func drawsAndExitsOnKey() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24)
        let lines = try await Self.waitForPage(tmux, width: 80, height: 24)
        let screen = lines.joined(separator: "\n")

        #expect(lines[0].hasPrefix("┌─ check-terminal ─"))
        #expect(lines[0].hasSuffix("─┐"))
        #expect(lines[1] == "│ tcpscope terminal check — ünïcödé ✓ ─│┌┐" + String(repeating: " ", count: 37) + "│")
        #expect(lines[23] == "└" + String(repeating: "─", count: 78) + "┘")
        #expect(screen.contains("UTF-8: yes"))
        #expect(screen.contains("colours: 256, using 256 colours"))
        #expect(screen.contains("lines: unicode"))
        #expect(screen.contains("press any key to exit"))

        try await tmux.sendKeys("x")
        try await Self.expectRestored(tmux, status: 0)
    }

    @Test("redraws at the new size when the terminal is resized")
    func redrawsOnResize() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24)
        try await Self.waitForPage(tmux, width: 80, height: 24)

        for (width, height) in [(100, 30), (50, 14), (80, 24)] {
            try await tmux.resize(width: width, height: height)
            let lines = try await Self.waitForPage(tmux, width: width, height: height)
            #expect(lines[height - 1] == "└" + String(repeating: "─", count: width - 2) + "┘")
            #expect(lines[height - 2].hasPrefix("│ press any key to exit"))
        }

        try await tmux.sendKeys("Enter")
        try await Self.expectRestored(tmux, status: 0)
    }

    @Test("falls back to ASCII lines when the locale is not UTF-8")
    func asciiFallbackWithoutUTF8() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24,
                                         environment: ["LANG": "C"])
        let lines = try await Self.waitForPage(tmux, width: 80, height: 24, ascii: true)
        let screen = lines.joined(separator: "\n")

        #expect(lines[0].hasPrefix("+- check-terminal -"))
        #expect(lines[0].hasSuffix("-+"))
        #expect(lines[1].hasPrefix("| tcpscope terminal check ? ?n?c?d? ? -|++ "))
        #expect(lines[23] == "+" + String(repeating: "-", count: 78) + "+")
        #expect(screen.contains("UTF-8: no"))
        #expect(screen.contains("lines: ascii"))
        let nonASCII = screen.unicodeScalars.filter { !$0.isASCII }
        #expect(nonASCII.isEmpty, "non-ASCII reached the terminal:\n\(screen)")

        try await tmux.sendKeys("q")
        try await Self.expectRestored(tmux, status: 0)
    }

    @Test("draws lines from the alternate character set when asked")
    func alternateCharsetLines() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal("--lines acs"), width: 80, height: 24,
                                         environment: ["LANG": "C"])
        // tmux keeps alternate-charset cells as their VT100 letters: l q k for the top corners and
        // line, x for the sides, t u for the tees, m j for the bottom corners.
        let screen = try await tmux.waitUntil("the ACS page is drawn") { screen in
            let lines = screen.components(separatedBy: "\n")
            return lines.count >= 24 && lines[23] == "m" + String(repeating: "q", count: 78) + "j"
        }
        let lines = screen.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix("lq check-terminal q") && lines[0].hasSuffix("qk"))
        #expect(lines[1].hasPrefix("x tcpscope terminal check ? ?n?c?d? ? qxlk ") && lines[1].hasSuffix("x"))
        #expect(lines.contains("t" + String(repeating: "q", count: 78) + "u"))
        #expect(screen.contains("lines: alternate character set"))

        try await tmux.sendKeys("q")
        try await Self.expectRestored(tmux, status: 0)
    }

    @Test("shows each role in its own colour, with peeked, read and sent bytes distinct")
    func rolesInColour() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24)
        try await Self.waitForPage(tmux, width: 80, height: 24)
        let styled = StyledScreen(try await tmux.capture(escapes: true))

        let peeked = try #require(styled.style(of: "peeked"))
        let read = try #require(styled.style(of: "read "))
        let sent = try #require(styled.style(of: "sent"))
        #expect(peeked.foreground != nil && read.foreground != nil && sent.foreground != nil)
        #expect(peeked.foreground != read.foreground && read.foreground != sent.foreground
                && peeked.foreground != sent.foreground, "\(peeked) / \(read) / \(sent)")
        #expect(try #require(styled.style(of: "error")).foreground != nil)
        #expect(try #require(styled.style(of: "selected")).attributes.contains(7))
        #expect(try #require(styled.style(of: "normal")) == CellStyle())

        try await tmux.sendKeys("q")
        try await Self.expectRestored(tmux, status: 0)
    }

    @Test("NO_COLOR gives attributes only, no colour at all")
    func noColor() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24,
                                         environment: ["NO_COLOR": "1"])
        let lines = try await Self.waitForPage(tmux, width: 80, height: 24)
        #expect(lines.joined(separator: "\n").contains("colours: 256, using monochrome (NO_COLOR)"))
        let styled = StyledScreen(try await tmux.capture(escapes: true))

        let coloured = styled.allStyles.filter(\.hasColor)
        #expect(coloured.isEmpty, "colour escapes despite NO_COLOR: \(coloured)")
        // The roles still differ, through attributes.
        #expect(try #require(styled.style(of: "selected")).attributes == [7])
        #expect(try #require(styled.style(of: "peeked")).attributes == [4])
        #expect(try #require(styled.style(of: "sent")).attributes == [1])
        #expect(try #require(styled.style(of: "read ")).attributes.isEmpty)

        try await tmux.sendKeys("q")
        try await Self.expectRestored(tmux, status: 0)
    }

    @Test("SIGTERM restores the terminal and the process dies of the signal")
    func sigtermRestores() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24)
        try await Self.waitForPage(tmux, width: 80, height: 24)
        let pid = try await Self.tcpscopePID(in: tmux)

        #expect(kill(pid, SIGTERM) == 0)
        try await Self.expectRestored(tmux, status: 128 + Int(SIGTERM))
    }

    /// A crash signal (sent, as the kernel would on a bad access) must restore the terminal,
    /// let the Swift runtime's backtracer print (when enabled) on a usable screen, and still end
    /// the process with the signal's status.
    @Test("a crash signal restores the terminal, with or without the Swift backtracer",
          arguments: ["enable=no", "enable=yes,interactive=no"])
    func crashRestores(backtrace: String) async throws {
        if backtrace != "enable=no", let sanitizer = Sanitizer.active {
            // Toolchain against toolchain, nothing of tcpscope's: the backtracer's memory
            // server is a thread started with a bare clone() that reads the crashed process's
            // stacks. ThreadSanitizer's clone interceptor fails an internal CHECK in it;
            // AddressSanitizer reports its reads of stack redzones and the process never ends.
            // The enable=no case still checks the restore and the status under the sanitizer.
            // (The console does not list a cancelled test case, so the note says it.)
            let reason = "the Swift backtracer cannot run under the \(sanitizer.rawValue) sanitizer (its clone()d memory server)"
            Sanitizer.note("crash case \(backtrace) cancelled: \(reason)")
            try Test.cancel(Comment(rawValue: reason))
        }
        let tmux = try await TmuxSession(command: try Self.checkTerminal(), width: 80, height: 24,
                                         environment: ["SWIFT_BACKTRACE": backtrace])
        try await Self.waitForPage(tmux, width: 80, height: 24)
        let pid = try await Self.tcpscopePID(in: tmux)

        #expect(kill(pid, SIGSEGV) == 0)
        try await Self.expectRestored(tmux, status: 128 + Int(SIGSEGV))
    }

    @Test("ctrl-c restores the terminal and the process dies of SIGINT")
    func interruptRestores() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal(trapInterrupt: true), width: 80, height: 24)
        try await Self.waitForPage(tmux, width: 80, height: 24)
        try await tmux.sendKeys("C-c")
        try await Self.expectRestored(tmux, status: 128 + Int(SIGINT))
    }

    @Test("decodes special keys by name")
    func decodesKeys() async throws {
        let tmux = try await TmuxSession(command: try Self.checkTerminal("--show-keys"), width: 80, height: 24)
        try await Self.waitForPage(tmux, width: 80, height: 24)

        let cases: [(send: String, literal: Bool, shown: String)] = [
            ("Up", false, "up"), ("Down", false, "down"), ("Left", false, "left"), ("Right", false, "right"),
            ("PPage", false, "page-up"), ("NPage", false, "page-down"),
            ("Home", false, "home"), ("End", false, "end"), ("DC", false, "delete"), ("IC", false, "insert"),
            ("F1", false, "F1"), ("F5", false, "F5"), ("F10", false, "F10"), ("F12", false, "F12"),
            ("Tab", false, "tab"), ("BTab", false, "shift-tab"), ("Enter", false, "enter"),
            ("BSpace", false, "backspace"), ("C-a", false, "ctrl-a"), ("M-x", false, "alt-x"),
            ("Escape", false, "escape"), ("é", true, "é"), ("Space", false, "space"),
        ]
        for (index, key) in cases.enumerated() {
            if key.literal { try await tmux.type(key.send) } else { try await tmux.sendKeys(key.send) }
            try await tmux.waitFor(text: "last key: \(key.shown)  (keys: \(index + 1))")
        }

        try await tmux.type("q")
        try await Self.expectRestored(tmux, status: 0)
    }
}
