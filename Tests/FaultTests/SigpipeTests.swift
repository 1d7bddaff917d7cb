import Testing
import TestSupport

/// Writes to a connection the peer has reset or closed fail with EPIPE or ECONNRESET; the
/// process, which runs with SIGPIPE at its default (fatal) action, is never killed by one.
@Suite("SIGPIPE never kills the process")
struct SigpipeFaultTests {
    @Test func everyWayOfWritingToADeadConnectionIsAnErrnoNotASignal() async throws {
        let script = """
        listen 0
        connect l1
        s2: set linger 0s
        s2: close
        s1: wait closed
        try s1: send first
        try s1: send second
        clone
        try s3: send via-clone
        follow on
        try send while-following
        connect l1
        s5: shutdown write
        try s5: send after-shutdown
        connect l1
        s6: close
        s7: wait closed
        try s7: send into-a-closed-socket
        try s7: send after-the-reset
        try s7: send again
        """
        let result = try await ToolRun.run(["run", "-"], stdin: script + "\n")
        #expect(result.status == 0, "exit \(result.status) (141 would be SIGPIPE): \(result.stdout)\(result.stderr)")
        let failures = result.stdout.split(separator: "\n").filter { $0.contains("failed as allowed by try") }
        #expect(failures.count >= 5, "\(result.stdout)")
        #expect(failures.allSatisfy { $0.contains("EPIPE") || $0.contains("ECONNRESET") }, "\(failures)")
    }
}
