import Glibc

/// Small text files the benchmark driver and the tests write (scripts, captured output) and
/// read (/proc, error logs), without Foundation.
public enum TextFile {
    public static func write(_ path: String, _ text: String) throws(HarnessError) {
        try write(path, text, flags: O_TRUNC)
    }

    /// Adds `text` at the end of the file, creating it if need be.
    public static func append(_ path: String, _ text: String) throws(HarnessError) {
        try write(path, text, flags: O_APPEND)
    }

    private static func write(_ path: String, _ text: String, flags: Int32) throws(HarnessError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o600)
        guard fd >= 0 else { throw HarnessError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = Array(text.utf8)[...]
        // Each pass writes at least one byte or fails, so this ends.
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HarnessError("cannot write \(path): \(String(cString: strerror(errno)))") }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Up to the last `limit` bytes of a file, or "" if it cannot be read.
    public static func read(_ path: String, limit: Int = 1 << 16) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Bounded: at most 4096 chunks, and end of file stops it sooner.
        for _ in 0..<4096 {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: chunk[..<n])
            if out.count > 2 * limit { out.removeFirst(out.count - limit) }
        }
        return String(decoding: out.suffix(limit), as: UTF8.self)
    }

    /// Removes the file if it is there.
    public static func remove(_ path: String) {
        unlink(path)
    }

    /// A path for a scratch file named `name` in TMPDIR (or /tmp).
    public static func temporaryPath(_ name: String) -> String {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + name
    }
}
