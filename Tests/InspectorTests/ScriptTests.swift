import Testing
import TestSupport
@testable import Inspector

/// The teaching scripts in Assets/scripts, and the runner's rules.
@Suite("Scripts")
struct ScriptTests {
    static let scriptsFolder: String = {
        // Tests/InspectorTests/ScriptTests.swift -> the package root.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Assets/scripts"
    }()

    static let teachingScripts = ["peek-vs-read", "nagle", "linger-reset", "unread-reset", "read-timeout", "half-close", "follow", "delayed-ack",
                                   "zero-window", "time-wait", "accept-backlog"]

    @Test("every teaching script passes", arguments: teachingScripts)
    func teachingScript(name: String) throws {
        let path = "\(Self.scriptsFolder)/\(name).tcps"
        let text = try TextFile.read(path)
        #expect(text.hasPrefix("# "), "each script begins by saying what to look for")
        let lines = Lines()
        let session = Session()
        defer { session.shutdown() }
        let code = ScriptRunner(session: session) { lines.add($0.text) }.run(script: text, name: name)
        #expect(code == .success, "\(lines.all.joined(separator: "\n"))")
    }

    @Test func aLineEndingInAmpersandRunsInTheBackground() {
        #expect(ScriptRunner.background("read &")?.0 == "read")
        #expect(ScriptRunner.background("  try s2: peek 5 &  ")?.1 == ParsedLine(command: .peek(5), allowFailure: true, target: .stream(StreamID(2))))
        #expect(ScriptRunner.background("wait readable timeout=2s &") != nil)
        // Where the text runs to the end of the line, `&` is text.
        #expect(ScriptRunner.background("send a &") == nil)
        #expect(ScriptRunner.background("note this & that &") == nil)
        #expect(ScriptRunner.background("read&") == nil)
        #expect(ScriptRunner.background("read") == nil)
        // Both ends in one session: a read waits in the background while the other end sends.
        let lines = Lines()
        let session = Session()
        defer { session.shutdown() }
        let script = "listen 0\nconnect l1\ns1: read &\nsleep 100ms\ns2: send pong\n"
        let code = ScriptRunner(session: session, lineTimeout: .seconds(10)) { lines.add($0.text) }.run(script: script, name: "bg")
        #expect(code == .success, "\(lines.all.joined(separator: "\n"))")
        #expect(lines.all.contains { $0.contains("s1   read  ok  4  \"pong\"") }, "\(lines.all.joined(separator: "\n"))")
    }

    @Test func malformedLinesStopEverythingBeforeItRuns() {
        let lines = Lines()
        let session = Session()
        defer { session.shutdown() }
        let script = "listen 0\nset ttl 300\n# fine\nread abc\n"
        let code = ScriptRunner(session: session) { lines.add($0.text) }.run(script: script, name: "bad.tcps")
        #expect(code == .malformed)
        #expect(lines.all.contains { $0.hasPrefix("bad.tcps:2:") && $0.contains("300") })
        #expect(lines.all.contains { $0.hasPrefix("bad.tcps:4:") && $0.contains("abc") })
        #expect(session.snapshot().listenerOrder.isEmpty, "line 1 did not run")
    }

    @Test func firstFailureStopsTheRunNamingTheLine() {
        let lines = Lines()
        let session = Session()
        defer { session.shutdown() }
        let script = "listen 0\nconnect l1\ntry expect text \"x\"\nexpect text \"y\"\nclose\n"
        let code = ScriptRunner(session: session) { lines.add($0.text) }.run(script: script, name: "s")
        #expect(code == .failed)
        #expect(lines.all.contains { $0.hasPrefix("s:3: failed as allowed by try") })
        #expect(lines.all.contains { $0.hasPrefix("s:4: failed: expect") })
        #expect(session.snapshot().streamOrder.count == 2, "line 5 did not run")
    }

    @Test func windowsLineEndingsAndQuit() {
        let lines = Lines()
        let session = Session()
        defer { session.shutdown() }
        let code = ScriptRunner(session: session) { lines.add($0.text) }.run(script: "listen 0\r\nquit\r\nfrobnicate-never-parsed-ok\r\n", name: "s")
        #expect(code == .malformed, "every line is parsed first, even after quit")
        let code2 = ScriptRunner(session: session) { lines.add($0.text) }.run(script: "listen 0\r\nquit\r\nlisten 0\r\n", name: "s")
        #expect(code2 == .success)
        #expect(session.snapshot().listenerOrder.count == 1)
    }

    @Test func aByteOrderMarkStartsNoCommand() {
        #expect(ScriptRunner.lines(of: "\u{FEFF}listen 0\r\nread\n") == ["listen 0", "read"])
        #expect(ScriptRunner.lines(of: "\u{FEFF}") == [])
        #expect(ScriptRunner.lines(of: "read\n\u{FEFF}peek") == ["read", "\u{FEFF}peek"], "only at the start")
    }
}

final class Lines: Sendable {
    private let box = Locked<[String]>([])
    func add(_ line: String) { box.withLock { $0.append(line) } }
    var all: [String] { box.withLock { $0 } }
}

