import Foundation
import Testing
import TestSupport

/// The real binary in a real terminal (tmux) against real peers: what a person sees.
@Suite("The screen in tmux")
struct ScreenEndToEndTests {
    /// A python peer on loopback: prints its port, accepts one connection, sends `greeting`,
    /// then reports what it reads (`GOT ...`) and when the stream ends (`EOF`).
    static func peer(sending greeting: String) throws -> PeerProcess {
        try PeerProcess.python("""
            import socket, sys
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
            print('PORT', l.getsockname()[1], flush=True)
            c, _ = l.accept()
            c.sendall(bytes.fromhex(sys.argv[1]))
            while True:
                data = c.recv(4096)
                if not data:
                    print('EOF', flush=True); break
                print('GOT', data.hex(), flush=True)
            import time; time.sleep(30)
            """, arguments: [Data(greeting.utf8).map { String(format: "%02x", $0) }.joined()])
    }

    /// `tcpscope ARGUMENTS`, then its status (`DONE n`), then a pause that keeps the pane as it
    /// is for the test to read. Long: once the shell ends, tmux writes "Pane is dead" on the
    /// last row and the screen scrolls by a line, which a test on a busy machine may be slow
    /// enough to see. The session is killed at the end of the test anyway.
    static func tcpscope(_ arguments: String) throws -> String {
        "\(shellQuote(try TcpscopeBinary.path())) \(arguments); echo DONE $?; sleep 300"
    }

    static func command(_ tmux: TmuxSession, _ line: String) async throws {
        try await tmux.sendKeys(":")
        try await tmux.type(line)
        try await tmux.sendKeys("Enter")
    }

    @Test func peekedBytesStayInTheKernelUntilRead() async throws {
        let peer = try Self.peer(sending: "hello world")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: Self.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 30)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64")
        try await tmux.waitFor(text: "▼ peeked 11 (kernel: 11)")
        try await Self.command(tmux, "read 5")
        let screen = try await tmux.waitFor(text: "▲ read 5 · read offset 5 · ▼ peeked 6")
        #expect(screen.contains("|hello|"))
        #expect(screen.contains("|      world|"))
        #expect(screen.contains("read 5  ok  5  \"hello\""), "the Log shows the call")
    }

    @Test func optionsShowTheKernelsValues() async throws {
        let peer = try Self.peer(sending: "x")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: Self.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 40)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await Self.command(tmux, "set nodelay on")
        try await Self.command(tmux, "set ttl 7")
        try await Self.command(tmux, "set linger 0s")
        try await Self.command(tmux, "set read-timeout 250ms")
        // What this kernel keeps: whole ticks, so 252ms at 250 Hz and 250ms at 1000 Hz.
        let kernel = KernelTimeout.millisecondsText(try KernelTimeout.readBack(.milliseconds(250)))
        let screen = try await tmux.waitUntil("every option shows") { s in
            s.contains("nodelay            on") && s.contains("ttl                7")
                && s.contains("linger             0s") && s.contains("read-timeout       \(kernel)")
        }
        #expect(screen.contains("set read-timeout 250ms  ok  \(kernel)"), "what the kernel reports, not what was typed")
        try await Self.command(tmux, "set ttl 300")
        try await tmux.waitFor(text: "'300' is out of range (expected 1...255)")
        #expect(try await tmux.capture().contains("ttl                7"), "a refused value changes nothing")
    }

    @Test func shutdownWriteGivesThePeerEndOfStream() async throws {
        let peer = try Self.peer(sending: "hi")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: Self.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 30)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await tmux.sendKeys("s")
        try await tmux.type(#"bye\r\n"#)
        try await tmux.sendKeys("Enter")
        #expect(try await peer.waitForLine(containing: "GOT 6279650d0a").hasPrefix("GOT"))
        try await Self.command(tmux, "shutdown write")
        try await peer.waitForLine(containing: "EOF")
        try await tmux.waitFor(text: " wr ")
    }

    @Test func aHostilePeerCannotTouchTheTerminal() async throws {
        // OSC window title, clear screen, colours, a DCS string, CSI via the C1 byte, a bell,
        // invalid and overlong UTF-8, NULs, and a long line without a newline.
        var hostile: [UInt8] = Array("\u{1B}]0;pwned-title\u{07}\u{1B}]2;pwned2\u{1B}\\\u{1B}[2J\u{1B}[H\u{1B}[31;1mRED".utf8)
        hostile += [0x1B, 0x50] + Array("q#0;2;0;0;0".utf8) + [0x1B, 0x5C] + [0x9B] + Array("5A".utf8) + [0x07]
        hostile += [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0x00, 0x00] + Array(repeating: UInt8(ascii: "A"), count: 3000)
        let peer = try PeerProcess.python("""
            import socket, sys
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
            print('PORT', l.getsockname()[1], flush=True)
            c, _ = l.accept(); c.sendall(bytes.fromhex(sys.argv[1]))
            import time; time.sleep(30)
            """, arguments: [hostile.map { String(format: "%02x", $0) }.joined()])
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: Self.tcpscope("connect 127.0.0.1:\(port)"), width: 100, height: 30)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        let titleBefore = try await tmux.paneTitle()
        try await tmux.waitFor(text: "peeked 3,073")
        // The first rows: scroll the Data pane to its top.
        try await tmux.sendKeys("3", "Home")
        try await tmux.waitFor(text: "00000000  1b 5d 30 3b 70 77 6e 65  64 2d 74 69 74 6c 65 07  |.]0;pwned-title.|")
        try await tmux.sendKeys("f")  // follow: read it all, so the whole stream goes through the view
        let screen = try await tmux.waitFor(text: "read 3,073 · peeked 0")
        #expect(try await tmux.paneTitle() == titleBefore, "the peer could not retitle the terminal")
        #expect(!screen.contains("pwned-title") || screen.contains("|.]0;pwned-title.|"), "only in the hex view's ASCII column")
        #expect(screen.hasPrefix(" tcpscope "), "the screen was not cleared or moved")
        let styled = try await tmux.capture(escapes: true)
        #expect(!styled.contains("\u{1B}]"), "no OSC reached the terminal")
        #expect(!styled.contains("\u{1B}P"), "no DCS reached the terminal")
        let lines = screen.components(separatedBy: "\n")
        #expect(lines.prefix(30).allSatisfy { $0.count <= 100 }, "no line ran past the terminal's width")
    }

    @Test func resizesRedrawAndASmallTerminalSaysSo() async throws {
        let tmux = try await TmuxSession(command: Self.tcpscope("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        try await tmux.resize(width: 200, height: 60)
        let wide = try await tmux.waitFor(text: "Kernel l1 (TCP_INFO)")
        #expect(wide.components(separatedBy: "\n")[1].count == 200, "the frame spans the new width")
        try await tmux.resize(width: 60, height: 20)
        try await tmux.waitFor(text: "terminal too small: 60x20")
        try await tmux.resize(width: 80, height: 24)
        let back = try await tmux.waitFor(text: "l1   LISTEN")
        #expect(!back.contains("too small"))
        #expect(back.components(separatedBy: "\n")[23].hasPrefix("?Help :Cmd"))
    }

    @Test func helpThenQuitRestoresTheTerminal() async throws {
        let tmux = try await TmuxSession(command: Self.tcpscope("listen 0"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        try await tmux.sendKeys("?")
        try await tmux.waitFor(text: "Help: Esc or q closes")
        try await tmux.sendKeys("End")
        try await tmux.waitFor(text: "peeked: bytes still waiting in the kernel")
        try await tmux.sendKeys("Escape")
        try await tmux.waitUntil("help closed") { !$0.contains("Help: Esc") }
        try await tmux.sendKeys("q")
        try await tmux.waitFor(text: "Quit and close 1 listener? y/n")
        try await tmux.sendKeys("y")
        let screen = try await tmux.waitFor(text: "DONE 0")
        #expect(!screen.contains("LISTEN"), "the screen was restored")
    }

    @Test func demoHasSomethingToShowAtOnce() async throws {
        let tmux = try await TmuxSession(command: Self.tcpscope("demo --tick 1s"), width: 100, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        // The greeting, or (on a slow machine, once ticks have scrolled it away) a tick.
        try await tmux.waitUntil("the peer's bytes show") { $0.contains("|Welcome to the t|") || $0.contains("demo pee") }
        try await tmux.sendKeys("f")
        // Follow reads what the peer sends every second, so the read count keeps growing.
        let first = try await tmux.waitFor(text: "follow is on")
        try await tmux.waitUntil("a tick was read") { $0.contains("|tick ") || $0.contains(".tick") }
        #expect(first.contains("F "), "the Streams pane flags follow")
    }

    @Test func bothEndsSideBySide() async throws {
        let tmux = try await TmuxSession(command: Self.tcpscope("listen 0"), width: 200, height: 50)
        defer { withExtendedLifetime(tmux) {} }
        try await tmux.waitFor(text: "l1   LISTEN")
        try await Self.command(tmux, "connect l1")
        try await Self.command(tmux, "send ping")
        let screen = try await tmux.waitFor(text: "|ping|")
        let row = try #require(screen.components(separatedBy: "\n").first { $0.contains("Data s1 received") })
        #expect(row.contains("Data s2 received: read 0 · peeked 4 · the other end"), "one row, both ends")
    }
}

/// Bad arguments fail before the screen opens, with a message and the usage line.
@Suite("Arguments")
struct ArgumentTests {
    @Test("mistakes are refused before the screen opens", arguments: [
        ["connect", "localhost"], ["connect", "127.0.0.1:99999"], ["connect", "127.0.0.1:80", "--timeout", "0s"],
        ["listen", "http"], ["demo", "--tick", "soon"], ["nonsense"], ["run"],
        ["listen", "0", "--capture-bound", "0"], ["run", "-", "--peek-window", "1x"], ["run", "/nonexistent.tcps"],
        ["--script", "/nonexistent.tcps"], ["connect", "127.0.0.1:9", "--transcript", "/etc/passwd"],
        ["listen", "0", "--save-read", "/nonexistent/saved.bin"],
        ["relay", "0"], ["relay", "0", "80"], ["relay", "http", "127.0.0.1:80"], ["relay", "0", "127.0.0.1:99999"],
    ])
    func refused(arguments: [String]) async throws {
        let result = try await CommandRunner.run([try TcpscopeBinary.path()] + arguments)
        #expect(result.status == 64, "the argument parser's status for a usage error")
        #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)")
        #expect(result.stderr.contains("Usage: tcpscope") || result.stderr.contains("Help:"), "\(result.stderr)")
        // The usage is the subcommand's (the screen's `inspect` when none is named).
        let subcommands: [String] = ["connect", "listen", "relay", "demo", "run"]
        let subcommand = subcommands.first { $0 == arguments.first } ?? "inspect"
        if arguments != ["nonsense"] {
            #expect(result.stderr.contains("tcpscope \(subcommand)"), "\(result.stderr)")
        }
        #expect(!result.stdout.contains("\u{1B}["), "no screen was opened")
    }

    @Test func helpAndVersion() async throws {
        let help = try await CommandRunner.run([try TcpscopeBinary.path(), "--help"])
        #expect(help.status == 0)
        for sub in ["connect", "listen", "relay", "demo", "run", "commands", "check-terminal"] {
            #expect(help.stdout.contains(sub))
        }
        let version = try await CommandRunner.run([try TcpscopeBinary.path(), "--version"])
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func runExitsWithTheScriptsOutcome() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.tcps"), bad = dir.appendingPathComponent("bad.tcps")
        let failing = dir.appendingPathComponent("failing.tcps")
        try "listen 0\nconnect l1\nsend hi\ns2: wait bytes 2\ns2: read\ns2: expect text \"hi\"\n".write(to: good, atomically: true, encoding: .utf8)
        try "listen 0\nset ttl 900\n".write(to: bad, atomically: true, encoding: .utf8)
        try "listen 0\nconnect l1\nexpect text \"never\"\n".write(to: failing, atomically: true, encoding: .utf8)
        let binary = try TcpscopeBinary.path()
        let transcript = dir.appendingPathComponent("t.jsonl").path
        let ok = try await CommandRunner.run([binary, "run", good.path, "--transcript", transcript])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(try String(contentsOfFile: transcript, encoding: .utf8).contains(#""op":"read""#))
        let malformed = try await CommandRunner.run([binary, "run", bad.path])
        #expect(malformed.status == 2)
        #expect(malformed.stdout.contains("bad.tcps:2:"))
        let failed = try await CommandRunner.run([binary, "run", failing.path])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("failing.tcps:3: failed: expect"))
        let again = try await CommandRunner.run([binary, "run", good.path, "--transcript", transcript])
        #expect(again.status != 0, "an existing transcript is not overwritten without --force")
        #expect(again.stderr.contains("EEXIST"))
    }
}
