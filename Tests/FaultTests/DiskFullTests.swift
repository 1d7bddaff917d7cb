import Foundation
import Testing
import TestSupport

/// A disk that fills during a run: every write lost to a transcript, a `--save-read` file or a
/// saved script is an error on standard error and a non-zero exit status, with `-q` too. The
/// disk is a real 1 MiB tmpfs and the peer sends several MiB.
@Suite("A full disk", .enabled(if: SmallTmpfs.isAvailable, Comment(rawValue: SmallTmpfs.unavailableReason)))
struct DiskFullFaultTests {
    /// Follows a peer sending `count` random bytes to the end, with `options` (naming files on
    /// the small disk).
    static func follow(_ count: Int, _ options: [String]) async throws -> ToolRun.Result {
        let (peer, port) = try ScriptedPeer.randomSender(count: count)
        defer { withExtendedLifetime(peer) {} }
        let script = "connect 127.0.0.1:\(port)\nfollow on\nwait closed timeout=5m\n"
        return try await ToolRun.run(["run", "-"] + options, stdin: script, timeout: .seconds(360))
    }

    @Test(arguments: [true, false])
    func aSaveReadThatFillsTheDiskFailsTheRun(quiet: Bool) async throws {
        let disk = try SmallTmpfs()
        defer { disk.remove() }
        let saved = disk.file("saved.bin")
        let result = try await Self.follow(4 << 20, ["--save-read", saved] + (quiet ? ["-q"] : []))
        #expect(result.status == 1, "exit status \(result.status); stderr: \(result.stderr)")
        #expect(result.stderr.contains("save-read: ENOSPC") && result.stderr.contains(saved), "stderr: \(result.stderr)")
        #expect(!result.stdout.contains("tcpscope: save-read"), "the error is not on standard output: \(result.stdout.suffix(500))")
        let size = (try FileManager.default.attributesOfItem(atPath: saved)[.size] as? Int) ?? -1
        #expect(size > 0 && size < 4 << 20, "the file holds what fitted: \(size) bytes")
    }

    @Test func aTranscriptThatFillsTheDiskFailsTheRun() async throws {
        let disk = try SmallTmpfs()
        defer { disk.remove() }
        let transcript = disk.file("t.jsonl")
        // 2 MiB read is 4 MiB of hex in the transcript.
        let result = try await Self.follow(2 << 20, ["--transcript", transcript, "-q"])
        #expect(result.status == 1, "exit status \(result.status); stderr: \(result.stderr)")
        #expect(result.stderr.contains("transcript: ENOSPC") && result.stderr.contains(transcript), "stderr: \(result.stderr)")
    }

    @Test func aSaveThatDoesNotFitFailsTheRunAndLeavesNoPartialScript() async throws {
        let disk = try SmallTmpfs()
        defer { disk.remove() }
        try disk.fill()
        let saved = disk.file("session.tcps")
        // `try`: even a line allowed to fail may not lose a write without the exit status saying so.
        let result = try await ToolRun.run(["run", "-", "-q"], stdin: "listen 0\ntry save \(saved)\n")
        #expect(result.status == 1, "exit status \(result.status); stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stderr.contains("save: ENOSPC") && result.stderr.contains(saved), "stderr: \(result.stderr)")
        let size = (try FileManager.default.attributesOfItem(atPath: saved)[.size] as? Int) ?? -1
        #expect(size == 0, "a script cut short is not left to be replayed: \(size) bytes")
    }
}
