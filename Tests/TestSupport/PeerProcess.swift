import Foundation

/// A peer program for end-to-end tests (a python3 or socat server or client), with its output
/// captured as it arrives so tests can wait for what it announces.
///
/// Peers that listen should bind port 0 and print the port they got, which avoids the race of
/// picking a "free" port first. The peer is stopped by `terminate()`, or killed on deinit.
public final class PeerProcess {
    public let argv: [String]
    private let process = Process()
    private let stdinPipe = Pipe()
    private let output = CapturedOutput()
    private let errors = CapturedOutput()

    /// Starts `argv` (looked up in PATH).
    public init(_ argv: [String], environment: [String: String]? = nil) throws {
        self.argv = argv
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A clean start, so that SIGTERM from terminate() is not blocked (see CleanExec).
        process.arguments = CleanExec.argv(argv)
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdinPipe
        output.collect(from: out.fileHandleForReading)
        errors.collect(from: err.fileHandleForReading)
        try process.run()
    }

    /// A python3 peer running `script`. Unbuffered (-u), so announcements arrive at once.
    public static func python(_ script: String, arguments: [String] = []) throws -> PeerProcess {
        try PeerProcess(["python3", "-u", "-c", script] + arguments)
    }

    /// A python3 echo server on 127.0.0.1 for many clients at once (a thread each), announcing
    /// `PORT N`: each client gets back every byte it sends, then the server closes after its FIN.
    public static func echoServer(backlog: Int = 512) throws -> PeerProcess {
        try python("""
            import socket, threading
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(\(backlog))
            print('PORT', l.getsockname()[1], flush=True)
            def serve(c):
                while True:
                    d = c.recv(65536)
                    if not d: break
                    c.sendall(d)
                c.close()
            while True:
                c, _ = l.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
            """)
    }

    public var pid: pid_t { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// Everything the peer wrote to stdout so far.
    public var stdout: String { output.text }
    /// Everything the peer wrote to stderr so far.
    public var stderr: String { errors.text }
    /// Whether both stdout and stderr have reached their end: after the peer exits, the last of
    /// its output is in `stdout` and `stderr` once this is true.
    public var outputEnded: Bool { output.ended && errors.ended }

    /// Writes to the peer's stdin.
    public func send(_ text: String) throws {
        try stdinPipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Closes the peer's stdin, which many peers (socat, `cat`) take as the end of their input.
    public func closeInput() throws {
        try stdinPipe.fileHandleForWriting.close()
    }

    /// Waits for a stdout line containing `text` and returns the whole line.
    @discardableResult
    public func waitForLine(containing text: String, timeout: Duration = .seconds(30)) async throws -> String {
        let line = try await poll(timeout: timeout) {
            completeLines.first { $0.contains(text) }.map(String.init)
        }
        guard let line else {
            throw HarnessError("""
                timed out after \(timeout) waiting for "\(text)" from \(argv.joined(separator: " "))
                stdout: \(stdout)
                stderr: \(stderr)
                """)
        }
        return line
    }

    /// Waits for a line `<prefix><port>` (by default "PORT 12345") and returns the port.
    public func waitForPort(prefix: String = "PORT ", timeout: Duration = .seconds(30)) async throws -> UInt16 {
        let line = try await waitForLine(containing: prefix, timeout: timeout)
        guard let start = line.range(of: prefix)?.upperBound,
              let port = UInt16(line[start...].prefix(while: \.isNumber)) else {
            throw HarnessError("no port number in \"\(line)\" from \(argv.joined(separator: " "))")
        }
        return port
    }

    /// Waits for the peer to exit on its own and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let exited = try await poll(timeout: timeout) { process.isRunning ? nil : true }
        guard exited != nil else {
            throw HarnessError("\(argv.joined(separator: " ")) still running after \(timeout); stderr: \(stderr)")
        }
        return process.terminationStatus
    }

    /// Stops the peer: SIGTERM, then SIGKILL if it lingers. Safe to call more than once.
    public func terminate() async {
        guard process.isRunning else { return }
        process.terminate()
        if (try? await poll(timeout: .seconds(2), { process.isRunning ? nil : true })) == nil {
            kill(process.processIdentifier, SIGKILL)
            _ = try? await poll(timeout: .seconds(2), { process.isRunning ? nil : true })
        }
    }

    // MARK: blocking waits, for synchronous tests

    /// Blocks until a stdout line starts with `prefix`, and returns the rest of that line.
    public func waitForLine(prefix: String, timeout: Duration = .seconds(30)) throws -> String {
        var found: String?
        waitUntil(timeout: timeout) {
            found = completeLines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
            return found != nil || !process.isRunning
        }
        if found == nil {
            found = completeLines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        guard let found else {
            throw HarnessError("""
                no line starting "\(prefix)" from \(argv.joined(separator: " ")) within \(timeout)
                stdout: \(stdout)
                stderr: \(stderr)
                """)
        }
        return found
    }

    /// Lines of stdout that have their newline: a line still arriving ("PORT " without its
    /// number yet) is not one.
    private var completeLines: [Substring] {
        let text = output.text
        guard let end = text.lastIndex(of: "\n") else { return [] }
        return text[..<end].split(separator: "\n")
    }

    /// Blocks until the peer prints `PORT n`, and returns n.
    public func port(timeout: Duration = .seconds(30)) throws -> UInt16 {
        let text = try waitForLine(prefix: "PORT ", timeout: timeout)
        guard let port = UInt16(text.prefix(while: \.isNumber)) else {
            throw HarnessError("no port number in \"PORT \(text)\" from \(argv.joined(separator: " "))")
        }
        return port
    }

    /// Blocks until the peer exits on its own; its status, or nil if it is still running.
    public func exitStatus(within timeout: Duration = .seconds(30)) -> Int32? {
        waitUntil(timeout: timeout) { !process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        // deinit cannot wait; a peer the test did not stop gets no grace period.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Bytes from one of a peer's pipes, appended by Foundation's reader thread and read by the test.
/// An NSLock (a pthread mutex), not Synchronization.Mutex, whose futex ThreadSanitizer cannot
/// see; TestSupport does not depend on Inspector, where `Locked` lives.
private final class CapturedOutput: @unchecked Sendable {  // `bytes` and `finished` are guarded by `lock`
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private var finished = false

    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    var ended: Bool { lock.withLock { finished } }

    func collect(from handle: FileHandle) {
        handle.readabilityHandler = { [self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil  // end of file
                lock.withLock { finished = true }
            } else {
                lock.withLock { bytes.append(contentsOf: chunk) }
            }
        }
    }
}
