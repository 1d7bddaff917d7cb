import TestSupport
import Foundation

/// The outcome of a short command such as one tmux call.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs short-lived helper commands (tmux, mostly).
///
/// Nothing here blocks a thread while a child runs: tests share a cooperative pool as wide as the
/// machine (two threads here), and on Linux `Process.waitUntilExit()` spins a run loop that has
/// nothing to wait on. A short sleeping poll of `isRunning` costs neither.
enum CommandRunner {
    /// Runs `argv` (looked up in PATH) to completion and collects its output. A command still
    /// running after `timeout` is killed, so one wedged helper cannot hang the test run.
    ///
    /// Output goes to temporary files, not pipes, so nothing waits for an end of file that a
    /// forked daemon could hold off.
    ///
    /// - Parameter forksDaemon: set for a command that leaves a daemon behind (the tmux call that
    ///   starts a server): it then starts through `CleanExec`, so the daemon gets a clean signal
    ///   mask and does not hold the socket by which Foundation notices that the command exited.
    static func run(_ argv: [String], forksDaemon: Bool = false,
                    timeout: Duration = .seconds(10)) async throws -> CommandResult {
        let files = FileManager.default
        let base = files.temporaryDirectory.appendingPathComponent("tcpscope-cmd-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
        guard files.createFile(atPath: outURL.path, contents: nil),
              files.createFile(atPath: errURL.path, contents: nil) else {
            throw HarnessError("cannot create output files at \(base.path)")
        }
        defer {
            try? files.removeItem(at: outURL)
            try? files.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = forksDaemon ? CleanExec.argv(argv, closingDescriptors: true) : argv
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let exited = try await poll(timeout: timeout, interval: .milliseconds(2)) {
            process.isRunning ? nil : true
        }
        guard exited != nil else {
            // Say whether it was really still running, or had exited and was not yet reaped
            // (state Z) because Foundation's reaping waits for a thread of the shared pool;
            // and how far its output got.
            let pid = process.processIdentifier
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "gone"
            kill(pid, SIGKILL)
            let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw HarnessError("\(argv.joined(separator: " ")) did not finish within \(Sanitizer.scaled(timeout)) "
                               + "(process state \(state))\nstdout: \(stdout.suffix(1500))\nstderr: \(stderr.suffix(1500))")
        }
        return CommandResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Starts `argv` and does not wait for it: for cleanup from `deinit`, which cannot await.
    /// Output is discarded.
    static func launch(_ argv: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
