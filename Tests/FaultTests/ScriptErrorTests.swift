import Foundation
import Testing
import TestSupport
@testable import Inspector

/// `tcpscope run` with scripts that are wrong: every error names its line (and column, for a
/// line that does not parse), nothing of a malformed script runs, and a failing line stops
/// the run where it says.
@Suite("Scripts with mistakes")
struct ScriptErrorFaultTests {
    /// Runs `script` in-process as `tcpscope run` does, collecting what it prints.
    static func run(_ script: String, session: Session) async -> (ScriptRunner.ExitCode, [String]) {
        let lines = LinesCollected()
        let code = await runScript(script, session: session, into: lines)
        return (code, lines.problems)
    }

    /// The runner blocks on each line: it runs on a thread of its own (see SessionSteps).
    static func runScript(_ script: String, session: Session, into lines: LinesCollected) async -> ScriptRunner.ExitCode {
        await offPool { ScriptRunner(session: session) { lines.add($0) }.run(script: script, name: "t.tcps") }
    }

    @Test func everyMalformedLineIsListedWithItsLineAndNothingRuns() async throws {
        let script = """
        # a comment on line 1
        listen 0

        connect l1 timeout=
        send "unterminated
        read -5
        set ttl 256\r
        wait bytes
        frobnicate
        """
        await withSession { session in
            let (code, problems) = await Self.run(script, session: session)
            #expect(code == .malformed)
            let numbers = problems.compactMap { $0.split(separator: ":").dropFirst().first.flatMap { Int($0) } }
            #expect(numbers == [4, 5, 6, 7, 8, 9], "\(problems.joined(separator: "\n"))")
            #expect(problems.dropLast().allSatisfy { $0.range(of: #"^t\.tcps:\d+:\d+: "#, options: .regularExpression) != nil },
                    "line and column on each: \(problems)")
            #expect(problems.last?.contains("6 malformed lines; nothing was run") == true)
            #expect(session.snapshot().entries.isEmpty && session.allEvents.isEmpty, "not even line 2 ran")
        }
    }

    /// Scripts that parse but fail when run, each at a known line; comments, blank lines and
    /// CR LF endings count as lines.
    static let failing: [(script: String, line: Int, says: String)] = [
        ("\n# comment\n\nread\n", 4, "nothing is selected"),
        ("listen 0\r\nconnect l1\r\ns9: read\r\n", 3, "s9 is not open"),
        ("listen 0\nconnect l1\nsend hi\ns2: wait bytes 2\ns2: read\nexpect text \"ho\"\n", 6, "expected \"ho\""),
        ("listen 0\nconnect l1\nwait readable timeout=100ms\n", 3, "timed out after 100ms"),
        ("listen 0\nconnect l1\nshutdown write\nsend x\n", 4, "EPIPE"),
        ("listen 0\nl1: read\n", 2, "is a listener"),
        ("listen 0\nconnect l2\n", 2, "not an open listener"),
        ("listen 0\nconnect l1\ns2: set linger 0s\ns2: close\ns1: wait closed\ns1: read\n", 6, "ECONNRESET"),
        ("listen 0\nconnect l1\nset nonblocking on\nread\n", 4, "EAGAIN"),
        ("listen 0\nconnect l1\ns1: close\ns1: close\n", 4, "close: s1 is closed (closed here)"),
        ("expect text \"x\"\n", 1, "nothing has been read yet"),
        ("listen 0\nexpect error ECONNRESET\n", 2, "but the last command succeeded"),
        ("\n\n\nconnect 127.0.0.1:0\n", 4, "ECONNREFUSED"),
        ("listen 0\nsave /nonexistent-dir/x.tcps\n", 2, "ENOENT"),
        ("transcript /nonexistent-dir/x.jsonl\n", 1, "ENOENT"),
    ]

    @Test(arguments: 0..<failing.count)
    func aFailingLineStopsTheRunAndIsNamed(index: Int) async throws {
        let (script, line, says) = Self.failing[index]
        await withSession { session in
            let (code, problems) = await Self.run(script + "listen 0\n", session: session)
            #expect(code == .failed)
            #expect(problems.count == 1, "\(problems)")
            let problem = problems.first ?? ""
            #expect(problem.hasPrefix("t.tcps:\(line): failed: "), "\(problem)")
            #expect(problem.contains(says), "\(problem)")
            #expect(!problem.contains("\u{1B}") && !problem.contains("\r"), "no raw control characters")
        }
    }

    @Test func tryLinesSayTheirLineAndGoOn() async throws {
        let script = "listen 0\ntry read\n\ntry connect 127.0.0.1:0\nconnect l1\n"
        await withSession { session in
            let lines = LinesCollected()
            let code = await Self.runScript(script, session: session, into: lines)
            #expect(code == .success)
            let infos = lines.infos.filter { $0.contains("failed as allowed by try") }
            #expect(infos.count == 2)
            #expect(infos.first?.hasPrefix("t.tcps:2: ") == true && infos.last?.hasPrefix("t.tcps:4: ") == true, "\(infos)")
        }
    }

    @Test func theRealBinaryNamesTheLineForMalformedFailingAndUndecodableScripts() async throws {
        let dir = try ScratchDirectory()
        let malformed = try dir.write("bad.tcps", "listen 0\n\nset ttl 0\n")
        let failing = try dir.write("fail.tcps", "listen 0\n# two\nconnect 127.0.0.1:0\n")
        let undecodable = dir.file("latin1.tcps")
        try Data("listen 0\nsend caf\u{E9}\n".utf8 + [0x0A, 0x73, 0x65, 0x6E, 0x64, 0x20, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: undecodable))

        let bad = try await ToolRun.run(["run", malformed])
        #expect(bad.status == 2)
        #expect(bad.stdout.contains("bad.tcps:3:9: "), "\(bad.stdout)")
        let fail = try await ToolRun.run(["run", failing])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("fail.tcps:3: failed: connect: ECONNREFUSED"), "\(fail.stdout)")
        let latin = try await ToolRun.run(["run", undecodable])
        #expect(latin.status != 0)
        #expect(latin.stderr.contains("line 4, column 6 is not UTF-8"), "an undecodable byte is placed by its line: \(latin.stderr)")
        let stdin = try await ToolRun.run(["run", "-"], stdin: "listen 0\nfrobnicate\n")
        #expect(stdin.status == 2)
        #expect(stdin.stdout.contains("stdin:2:1: "), "\(stdin.stdout)")
    }

    @Test func filesThatAreNotScriptsAreRefusedWithTheirErrno() async throws {
        let dir = try ScratchDirectory()
        let missing = try await ToolRun.run(["run", dir.file("missing.tcps")])
        #expect(missing.status != 0 && missing.stderr.contains("ENOENT"), "\(missing.stderr)")
        let directory = try await ToolRun.run(["run", dir.path])
        #expect(directory.status != 0 && directory.stderr.contains("EISDIR"), "\(directory.stderr)")
        let empty = try await ToolRun.run(["run", try dir.write("empty.tcps", "")])
        #expect(empty.status == 0, "an empty script does nothing, successfully")
    }
}

/// What a script runner printed, sorted by kind.
final class LinesCollected: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var all: [ScriptRunner.Output] = []

    func add(_ output: ScriptRunner.Output) {
        lock.withLock { all.append(output) }
    }

    var problems: [String] {
        lock.withLock { all.compactMap { if case .problem(let t) = $0 { t } else { nil } } }
    }

    var infos: [String] {
        lock.withLock { all.compactMap { if case .info(let t) = $0 { t } else { nil } } }
    }
}
