import Glibc
import Synchronization

/// The outcome of a short command such as one tmux call.
public struct CommandResult: Sendable {
    /// The exit code, or the signal number for a command killed by a signal.
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs short-lived helper commands (tmux, mostly) to completion through `ChildProcess`: a
/// blocking `run` for the benchmark driver, an async one for tests.
///
/// The async form never blocks a thread while the child runs: tests share a cooperative pool as
/// wide as the machine (two threads here), so it sleeps between looks at the child instead.
/// Output goes to scratch files, not pipes, so nothing waits for an end of file that a forked
/// daemon could hold off.
public enum CommandRunner {
    /// Runs `argv` (a bare name is looked up in PATH) to completion and collects its output. A
    /// command still running after `timeout` (longer under a sanitizer) is killed, so one wedged
    /// helper cannot hang the caller.
    ///
    /// - Parameter inheritsEnvironment: see `ChildProcess.init`.
    public static func run(_ argv: [String], timeout: Duration = .seconds(10),
                           inheritsEnvironment: Bool = true) async throws -> CommandResult {
        let run = try Running(argv, inheritsEnvironment: inheritsEnvironment)
        let exit = try await poll(timeout: timeout, interval: .milliseconds(2)) { run.child.exitIfEnded() }
        return try run.result(exit, timeout: timeout)
    }

    /// The blocking form of `run`, for callers without concurrency (the benchmark driver).
    public static func run(_ argv: [String], timeout: Duration = .seconds(10),
                           inheritsEnvironment: Bool = true) throws(HarnessError) -> CommandResult {
        let run = try Running(argv, inheritsEnvironment: inheritsEnvironment)
        let scaled = Sanitizer.scaled(timeout).components
        let seconds = Double(scaled.seconds) + Double(scaled.attoseconds) / 1e18
        return try run.result(run.child.waitExit(timeout: seconds), timeout: timeout)
    }

    /// Starts `argv` and does not wait for it: for cleanup from `deinit`, which cannot await.
    /// Output is discarded; the command runs in the background of a shell that exits at once, so
    /// nothing is left to reap.
    public static func launch(_ argv: [String]) {
        _ = try? run(["/bin/sh", "-c", "(\(shellCommand(argv))) </dev/null >/dev/null 2>&1 &"], timeout: .seconds(5))
    }

    /// Whether `name` is found in PATH as an executable file.
    public static func installed(_ name: String) -> Bool {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(name)", X_OK) == 0 }
    }

    private static let counter = Atomic<Int>(0)

    /// One started command and the scratch files that take its output.
    private final class Running {
        let argv: [String]
        let child: ChildProcess
        let outPath: String
        let errPath: String

        init(_ argv: [String], inheritsEnvironment: Bool) throws(HarnessError) {
            self.argv = argv
            let number = CommandRunner.counter.add(1, ordering: .relaxed).newValue
            let base = TextFile.temporaryPath("tcpscope-cmd-\(getpid())-\(number)")
            outPath = base + ".out"
            errPath = base + ".err"
            TextFile.remove(errPath)  // the error log is appended to
            do {
                child = try ChildProcess(argv, stdout: .file(outPath), errorLog: errPath,
                                         inheritsEnvironment: inheritsEnvironment)
            } catch {
                TextFile.remove(outPath)
                throw error
            }
        }

        deinit {
            TextFile.remove(outPath)
            TextFile.remove(errPath)
        }

        func result(_ exit: ChildProcess.Exit?, timeout: Duration) throws(HarnessError) -> CommandResult {
            guard let exit else {
                // Say whether it was really still running and how far its output got.
                let stat = TextFile.read("/proc/\(child.pid)/stat")
                let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "gone"
                child.kill()
                throw HarnessError("\(argv.joined(separator: " ")) did not finish within \(Sanitizer.scaled(timeout)) "
                                   + "(process state \(state))\nstdout: \(TextFile.read(outPath).suffix(1500))\n"
                                   + "stderr: \(TextFile.read(errPath).suffix(1500))")
            }
            return CommandResult(status: exit.code, stdout: TextFile.read(outPath, limit: 1 << 24),
                                 stderr: TextFile.read(errPath, limit: 1 << 24))
        }
    }
}
