import Foundation
import Testing
import TcpModel
import TestSupport

/// A connect that times out says ETIMEDOUT by name wherever the failure shows: the readable
/// log, the transcript's `errno` field, and `expect error ETIMEDOUT`. That holds for the
/// `timeout=` of the connect command and for the kernel giving up on its SYNs by itself.
@Suite("A connect time-out is ETIMEDOUT")
struct ConnectTimeoutErrnoTests {
    /// The script and its transcript, checked the same way for both timers.
    static func expectETIMEDOUT(_ result: ToolRun.Result, transcript: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, "expect error ETIMEDOUT held: \(result.stdout.suffix(1500))\(result.stderr)",
                sourceLocation: sourceLocation)
        #expect(result.stdout.contains("ETIMEDOUT (Connection timed out)"), "\(result.stdout.suffix(1500))",
                sourceLocation: sourceLocation)
        let lines = try String(contentsOfFile: transcript, encoding: .utf8).split(separator: "\n")
        let connect = lines.first { $0.contains(#""op":"connect""#) } ?? ""
        #expect(connect.contains(#""errno":"ETIMEDOUT""#), "the transcript names the errno: \(connect)",
                sourceLocation: sourceLocation)
    }

    @Test func theConnectTimeoutOptionIsETIMEDOUT() async throws {
        let full = try FullAcceptQueue()
        let dir = try ScratchDirectory()
        let transcript = dir.file("t.jsonl")
        let result = try await ToolRun.run(["run", "-", "--transcript", transcript],
                                           stdin: "try connect \(full.address) timeout=300ms\nexpect error ETIMEDOUT\n")
        try Self.expectETIMEDOUT(result, transcript: transcript)
        #expect(result.stdout.contains("no answer within the connect timeout"), "it says which timer ran out: \(result.stdout)")
        withExtendedLifetime(full) {}
    }

    /// The kernel's own give-up, without a timeout option: inside a namespace of the test's own
    /// that retries a SYN once (net.ipv4.tcp_syn_retries=1, about 3 s), toward a peer whose
    /// link is down, so the SYNs vanish.
    @Test(.enabled(if: NamespacePair.isAvailable, Comment(rawValue: NamespacePair.unavailableReason)))
    func theKernelGivingUpIsETIMEDOUT() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let sysctl = try PeerProcess(pair.inClient(["sysctl", "-q", "-w", "net.ipv4.tcp_syn_retries=1"]))
        #expect(sysctl.exitStatus(within: .seconds(10)) == 0, "\(sysctl.stderr)")
        try pair.cutLink()
        let dir = try ScratchDirectory()
        let transcript = dir.file("t.jsonl")
        let result = try await ToolRun.run(["run", "-", "--transcript", transcript], prefix: pair.inClient([]),
                                           stdin: "try connect \(NamespacePair.serverAddress):9\nexpect error ETIMEDOUT\n",
                                           timeout: .seconds(60))
        try Self.expectETIMEDOUT(result, transcript: transcript)
    }
}
