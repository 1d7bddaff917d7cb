import Foundation
import Glibc
import Testing
import TcpModel

/// A peer this project did not write: python3 or socat, started by the test and stopped when
/// the value is released. Output is read line by line so a test can wait for "PORT n".
final class PeerProcess: @unchecked Sendable {  // `lines` is guarded by `lock`
    let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = ""

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.partial += String(decoding: data, as: UTF8.self)
            while let nl = self.partial.firstIndex(of: "\n") {
                self.lines.append(String(self.partial[..<nl]))
                self.partial = String(self.partial[self.partial.index(after: nl)...])
            }
            self.lock.unlock()
        }
        try process.run()
    }

    /// python3 -c SCRIPT ARGS...
    static func python(_ script: String, _ args: [String] = []) throws -> PeerProcess {
        try PeerProcess(try which("python3"), ["-u", "-c", script] + args)
    }

    static func which(_ name: String) throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if access(path, X_OK) == 0 { return path }
        }
        throw PeerError.missing(name)
    }

    var output_: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    /// Waits until a line starting with `prefix` appears; returns the rest of it.
    func waitForLine(prefix: String, timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output_.first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count))
            }
            if !process.isRunning, output_.first(where: { $0.hasPrefix(prefix) }) == nil {
                throw PeerError.exited(output_.joined(separator: "\n"))
            }
            usleep(5_000)
        }
        throw PeerError.timedOut(prefix, output_.joined(separator: "\n"))
    }

    /// Waits for the peer to print `PORT n` and returns n.
    func port() throws -> UInt16 {
        let text = try waitForLine(prefix: "PORT ")
        guard let port = UInt16(text.trimmingCharacters(in: .whitespaces)) else { throw PeerError.badPort(text) }
        return port
    }

    func waitForExit(timeout: Duration = .seconds(10)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        output.fileHandleForReading.readabilityHandler = nil
    }
}

enum PeerError: Error {
    case missing(String)
    case exited(String)
    case timedOut(String, String)
    case badPort(String)
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
@discardableResult
func waitUntil(timeout: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    repeat {
        if try condition() { return true }
        usleep(2_000)
    } while ContinuousClock.now < deadline
    return try condition()
}

/// A connected pair on loopback: our client stream and the accepted server side.
func loopbackPair(_ host: String = "127.0.0.1") throws -> (client: TcpStream, server: TcpStream, listener: TcpListener) {
    let listener = try TcpListener.bind(host.contains(":") ? "[\(host)]:0" : "\(host):0")
    let client = try TcpStream.connect(try listener.localAddr())
    let (server, _) = try listener.accept()
    // A guard against a bug hanging the suite: no test read waits longer than this.
    try client.setReadTimeout(.seconds(10))
    try server.setReadTimeout(.seconds(10))
    return (client, server, listener)
}

/// A port nobody listens on: bind, read the port, close.
func closedPort(_ host: String = "127.0.0.1") throws -> SocketAddress {
    let listener = try TcpListener.bind(host.contains(":") ? "[\(host)]:0" : "\(host):0")
    return try listener.localAddr()
}

func isCloseOnExec(_ fd: Int32) -> Bool {
    fcntl(fd, F_GETFD) & FD_CLOEXEC != 0
}
