import Foundation
import Testing
import TestSupport

/// `attach` over `tcpscope run`, on a socket a python3 helper holds with 100 bytes unread.
@Suite("attach: another process's socket, read-only until allow-write")
struct AttachRunTests {
    private struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var transcript: String
    }

    private func run(_ lines: [String], asNobody: Bool = false, transcript: Bool = false) async throws -> Run {
        let binary = try TcpscopeBinary.path()
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attach-\(UUID().uuidString)").path
        let path = base + ".tcps"
        let transcriptPath = base + ".jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: transcriptPath)
        }
        let drop = asNobody ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        if asNobody { chmod(path, 0o644) }
        let recording = transcript ? ["--transcript", transcriptPath] : []
        let result = try await CommandRunner.run(drop + [binary, "run", "--timeout", "10s"] + recording + [path], timeout: .seconds(30))
        let written = transcript ? (try? String(contentsOfFile: transcriptPath, encoding: .utf8)) ?? "" : ""
        return Run(status: result.status, stdout: result.stdout, stderr: result.stderr, transcript: written)
    }

    private var isRoot: Bool {
        if geteuid() != 0 { print("skipped: attaching to another process's socket needs root (CAP_SYS_PTRACE)") }
        return geteuid() == 0
    }

    @Test func peekShowsTheOwnersBytesWithoutTakingThemAndReadIsRefused() async throws {
        guard isRoot else { return }
        let held = try UnreadConnection()
        let result = try await run([
            "attach \(held.pid):\(held.fd)",
            "peek 200",
            "try read",
            "try error",
            "close",
        ], transcript: true)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("taking SO_ERROR clears the owner's pending error"), "\(result.stdout)")
        #expect(result.transcript.contains(#""op":"attach""#) && result.transcript.contains("attached to pid \(held.pid)"), "\(result.transcript)")
        #expect(result.stdout.contains("attached to pid \(held.pid) (python3) fd \(held.fd)"), "\(result.stdout)")
        #expect(result.stdout.contains("peek 200  ok  100"), "\(result.stdout)")
        #expect(result.stdout.contains("read-only: reading consumes the owner's bytes; `allow-write` lets it"), "\(result.stdout)")
        #expect(try held.ask("read") == "100 True", "the owner still reads all 100 bytes")
    }

    @Test func afterAllowWriteAnOptionSetIsTheOwnersAndNonblockingIsNeverChanged() async throws {
        guard isRoot else { return }
        let held = try UnreadConnection()
        let result = try await run([
            "attach \(held.pid):\(held.fd)",
            "try set nodelay on",
            "allow-write",
            "set nodelay on",
            "try set nonblocking on",
            "get nonblocking",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("set nodelay: s1 is attached"), "\(result.stdout)")
        #expect(result.stdout.contains("O_NONBLOCK lives on the open file description"), "\(result.stdout)")
        #expect(result.stdout.contains("nonblocking=off"), "\(result.stdout)")
        #expect(try held.ask("nodelay") == "1", "the helper's own getsockopt sees the option")
    }

    @Test func abortEndsTheOwnersConnectionAfterItsNextCallFails() async throws {
        guard isRoot else { return }
        let held = try UnreadConnection()
        let result = try await run([
            "attach \(held.pid):\(held.fd)",
            "abort",
        ], transcript: true)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("abort  ok  aborted ESTABLISHED 127.0.0.1:\(held.listenPort) ->"), "\(result.stdout)")
        #expect(result.transcript.contains(#""op":"abort""#), "\(result.transcript)")
        #expect(try held.ask("send") == "ECONNABORTED", "the owner's next call fails")
    }

    @Test func abortIsOnlyForAttachedStreams() async throws {
        let result = try await run(["listen 0", "connect l1", "try abort", "expect error none"])
        #expect(result.stdout.contains("abort: s1 is not attached; a stream of this session is reset with `set linger 0s` then `close`"),
                "\(result.stdout)")
    }

    @Test func anOwnersPeekOffsetIsNeverMoved() async throws {
        guard isRoot else { return }
        let held = try UnreadConnection()
        #expect(try held.ask("peekoff") == "0")
        let result = try await run(["attach \(held.pid):\(held.fd)", "info", "try peek"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("which set SO_PEEK_OFF (offset 0): a peek would move the owner's offset; refused"), "\(result.stdout)")
        // Neither the refused peek nor the poller's look at the queue moved it.
        #expect(try held.ask("offset") == "0")
    }

    @Test func anInodeFindsItsOwnerAndAMissingDescriptorIsNamed() async throws {
        guard isRoot else { return }
        let held = try UnreadConnection()
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(held.pid)/fd/\(held.fd)")
        let inode = try #require(UInt32(link.dropFirst("socket:[".count).dropLast()))
        let listener = try #require(try listenerDescriptor(of: held.pid, besides: held.fd))
        let result = try await run(["attach \(inode)", "peek", "try attach \(held.pid):999", "expect error EBADF",
                                    "try attach \(held.pid):\(listener)", "try attach \(held.pid):0"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("attached to pid \(held.pid) (python3) fd \(held.fd)"), "\(result.stdout)")
        #expect(result.stdout.contains("has no descriptor 999 open"), "\(result.stdout)")
        #expect(result.stdout.contains("descriptor \(listener) of process \(held.pid) is a listening socket"), "\(result.stdout)")
        #expect(result.stdout.contains("descriptor 0 of process \(held.pid) is not a socket"), "\(result.stdout)")
    }

    /// The helper's listener: the lowest-numbered socket descriptor other than the accepted
    /// one (python3 opens the listener first).
    private func listenerDescriptor(of pid: Int32, besides fd: Int32) throws -> Int32? {
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int32($0) }.sorted()
        return entries.first { n in
            n != fd && ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(n)"))?.hasPrefix("socket:") ?? false)
        }
    }

    @Test func asNobodyEPERMSaysWhichCheckRefused() async throws {
        guard isRoot else { return }
        let held = try UnreadConnection()
        let result = try await run(["attach \(held.pid):\(held.fd)"], asNobody: true)
        #expect(result.status == 1)
        #expect(result.stdout.contains("EPERM"), "\(result.stdout)")
        #expect(result.stdout.contains("ptrace access check refused: process \(held.pid) belongs to uid 0, not to uid 65534"), "\(result.stdout)")
        #expect(result.stdout.contains("CAP_SYS_PTRACE"), "\(result.stdout)")
    }
}
