import Foundation
import Testing
import TcpModel
import TestSupport

/// Descriptor exhaustion: `tcpscope run` under a descriptor limit of 40 listens, and the test
/// connects more clients than it can take. Accept fails with EMFILE, said once in the log (not
/// once per retry); the run goes on; when the script closes ten streams the listener accepts
/// again, and says so.
@Suite("Descriptor exhaustion (EMFILE)")
struct DescriptorExhaustionFaultTests {
    @Test func aListenerOutOfDescriptorsSaysEMFILEKeepsRunningAndAcceptsAgain() async throws {
        let checkpoints = try ScriptCheckpoints()
        // s1 is the checkpoint peer; accepted streams are s2, s3, ...
        let script = checkpoints.connectLine + "listen 0\n" + ScriptCheckpoints.lines(1)
            + (2...11).map { "s\($0): close\n" }.joined() + ScriptCheckpoints.lines(2)
        let tool = try ToolRun.start(["run", "-"], prefix: ["prlimit", "--nofile=40:40"], stdin: script,
                                     environment: DescriptorExhaustionFaultTests.starvedSanitizer())
        try await checkpoints.reached(1)
        let port = try #require(Self.listenerPort(in: tool.stdout), "the log names the listening port: \(tool.stdout)")

        // More clients than descriptors: all complete the handshake (backlog 128) and wait.
        var clients: [TcpStream] = []
        for _ in 0..<60 { clients.append(try TcpStream.connect("127.0.0.1:\(port)")) }
        #expect(await within(.seconds(10)) { tool.stdout.contains("EMFILE") }, "accept fails with EMFILE: \(tool.stdout.suffix(2000))")
        let acceptedBefore = Self.count("accept  ok  s", in: tool.stdout)
        #expect(acceptedBefore >= 10 && acceptedBefore < 40, "it accepted what it could: \(acceptedBefore)")
        // It retries every 250 ms: watch it for a second (four retries), and it has still said
        // EMFILE only once.
        _ = await within(.seconds(1)) { !tool.isRunning }
        #expect(Self.count("EMFILE", in: tool.stdout) == 1, "said once, not once per retry")
        #expect(tool.isRunning, "it died: \(tool.stdout.suffix(1500)) \(tool.stderr.suffix(1500))")

        try checkpoints.release()
        try await checkpoints.reached(2)
        // The next retry (within 250 ms) finds ten descriptors free.
        let recovered = await within(.seconds(5)) {
            tool.stdout.contains("accepting again") && Self.count("accept  ok  s", in: tool.stdout) >= acceptedBefore + 10
        }
        #expect(recovered, "ten closed, ten more accepted: \(tool.stdout.suffix(1500))")
        try checkpoints.release()
        #expect(await tool.exited(within: .seconds(10)) == 0, "the run finished normally: \(tool.stderr)")
        _ = await within(.seconds(5)) { tool.outputEnded }
        #expect(Sanitizer.reports(in: tool.stderr).isEmpty, "sanitizer reports: \(tool.stderr.suffix(4000))")
        withExtendedLifetime(clients) {}
    }

    /// Sanitizer options for a run that uses up its descriptors on purpose. A sanitizer opens
    /// its report file only when it has something to say, when this process has no descriptor
    /// left: it reports to stderr instead, which the test checks. LeakSanitizer cannot run at
    /// all at exit ("Can't open /proc/PID/task", a fatal error and status 1), so this run alone
    /// goes without the leak check; AddressSanitizer's checks of every access stay on.
    static func starvedSanitizer() -> [String: String] {
        let environment = Sanitizer.environment(adding: [.address: "log_path=stderr:detect_leaks=0", .thread: "log_path=stderr"])
        if !environment.isEmpty {
            Sanitizer.note("the descriptor-starved run reports to its stderr (checked)"
                           + (Sanitizer.active == .address ? " and has no exit-time leak check" : ""))
        }
        return environment
    }

    /// The port from the log line `listen 127.0.0.1:0  ok  127.0.0.1:PORT`.
    static func listenerPort(in log: String) -> UInt16? {
        guard let range = log.range(of: #"listen 127\.0\.0\.1:0  ok  127\.0\.0\.1:\d+"#, options: .regularExpression) else { return nil }
        return UInt16(log[range].split(separator: ":").last ?? "")
    }

    static func count(_ text: String, in log: String) -> Int {
        log.components(separatedBy: text).count - 1
    }
}

/// A soft descriptor limit below the hard one is raised for scripts as for the screen, so a
/// run that opens hundreds of streams does not fail where the screen would not.
@Suite("The descriptor limit is raised for scripts")
struct DescriptorLimitFaultTests {
    @Test func aRunOpensMoreStreamsThanTheSoftLimit() async throws {
        let script = "listen 0\n" + String(repeating: "connect l1\n", count: 100)
        let result = try await ToolRun.run(["run", "-", "-q"], prefix: ["prlimit", "--nofile=64:4096"], stdin: script)
        #expect(result.status == 0, "200 streams under a soft limit of 64 (hard 4096): \(result.stdout.suffix(600))")
    }
}

/// The first timer a run arms may be the 250 ms accept retry after EMFILE, when no descriptor
/// is left for Dispatch's own timer machinery (which then crashed the process with SIGILL).
@Suite("The first timer after EMFILE")
struct FirstTimerAfterEMFILEFaultTests {
    @Test func aRunThatHasArmedNoTimerSurvivesEMFILE() async throws {
        // No sleep and no earlier retry: nothing has armed a Dispatch timer when accept fails.
        // (The checkpoint waits on a semaphore, not a timer.)
        let checkpoints = try ScriptCheckpoints()
        let script = checkpoints.connectLine + "listen 0\n" + ScriptCheckpoints.lines(1)
        let tool = try ToolRun.start(["run", "-"], prefix: ["prlimit", "--nofile=40:40"], stdin: script,
                                     environment: DescriptorExhaustionFaultTests.starvedSanitizer())
        try await checkpoints.reached(1)
        let port = try #require(DescriptorExhaustionFaultTests.listenerPort(in: tool.stdout))
        var clients: [TcpStream] = []
        for _ in 0..<60 { clients.append(try TcpStream.connect("127.0.0.1:\(port)")) }
        #expect(await within(.seconds(30)) { tool.stdout.contains("EMFILE") || !tool.isRunning })
        try checkpoints.release()
        let status = await tool.exited(within: .seconds(30))
        #expect(status == 0, "exit \(status.map(String.init) ?? "none") (132 is SIGILL): \(tool.stderr.suffix(500))")
        #expect(tool.stdout.contains("EMFILE"))
        _ = await within(.seconds(5)) { tool.outputEnded }
        #expect(Sanitizer.reports(in: tool.stderr).isEmpty, "sanitizer reports: \(tool.stderr.suffix(4000))")
        withExtendedLifetime(clients) {}
    }
}
