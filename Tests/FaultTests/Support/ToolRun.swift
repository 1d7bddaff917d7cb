import Foundation
import TestSupport

/// The real `tcpscope` binary, run as a person would run it: for what only a separate process
/// can show (its own descriptor limit, its own network namespace, its exit status, /proc).
enum ToolRun {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `tcpscope arguments...`, after `prefix` (`prlimit ...`, `ip netns exec NS`);
    /// `stdin` (a script for `run -`) is written and closed at once. `environment` adds to the
    /// test's own.
    static func start(_ arguments: [String], prefix: [String] = [], stdin: String? = nil,
                      environment: [String: String] = [:]) throws -> PeerProcess {
        let process = try PeerProcess(prefix + [try TcpscopeBinary.path()] + arguments,
                                      environment: environment.isEmpty ? nil : environment)
        if let stdin {
            try process.send(stdin)
            try process.closeInput()
        }
        return process
    }

    /// Runs it to the end (at most `timeout`) and returns its status and output.
    static func run(_ arguments: [String], prefix: [String] = [], stdin: String? = nil,
                    environment: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> Result {
        let process = try start(arguments, prefix: prefix, stdin: stdin, environment: environment)
        guard let status = await process.exited(within: timeout) else {
            throw HarnessError("tcpscope \(arguments.joined(separator: " ")) still running after \(timeout)\n"
                               + "stdout: \(process.stdout.suffix(2000))\nstderr: \(process.stderr.suffix(2000))")
        }
        // The pipes may deliver their last bytes just after the exit is seen.
        _ = await within(.seconds(5)) { process.outputEnded }
        return Result(status: status, stdout: process.stdout, stderr: process.stderr)
    }
}

extension ToolRun {
    /// Runs a script that times the kernel's timers (`expect elapsed` against the 40 ms
    /// delayed ACK) until it passes, at most three times. Such a script needs its lines to
    /// run closer together than the timer, and on a loaded machine one gap between two lines
    /// can be longer (29 ms between `send a` and `send b` was seen); a script that does not
    /// time anything runs once.
    static func runTimed(_ arguments: [String], script: String, prefix: [String] = [], stdin: String? = nil) async throws -> Result {
        let tries = script.contains("expect elapsed") ? 3 : 1
        var result = try await run(arguments, prefix: prefix, stdin: stdin)
        for attempt in 1..<tries where result.status != 0 {
            print("a timed script failed on try \(attempt), running it again: \(result.stdout.suffix(400))")
            result = try await run(arguments, prefix: prefix, stdin: stdin)
        }
        return result
    }
}

/// A directory of the test's own under the temporary directory, removed on deinit.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-fault-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of `name` in this directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
        return file(name)
    }
}
