import Glibc

/// Lines from a child's standard output, each read waiting no longer than a deadline.
public final class LineReader {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// The writer closed its end and every line was returned.
    public var finished: Bool { ended && !pending.contains(UInt8(ascii: "\n")) }
    private var ended = false

    public init(_ descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next line without its newline; nil at end of output or when `deadline`
    /// (MonotonicTime) passes first.
    public func next(until deadline: Double) -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Each pass either returns or reads at least one byte, and stops at the deadline.
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if ended { return nil }
            let left = deadline - MonotonicTime.now()
            if left <= 0 { return nil }
            var pfd = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(left * 1000 + 1, 60_000)))
            if ready < 0 && errno != EINTR { return nil }
            if ready <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                ended = true
                continue
            }
            pending.append(contentsOf: chunk[..<n])
        }
    }

    /// The next line that starts with `prefix` followed by a space, as the words after it.
    public func fields(after prefix: String, until deadline: Double) -> [Substring]? {
        while let line = next(until: deadline) {
            let words = line.split(separator: " ")
            if words.first == Substring(prefix) { return Array(words.dropFirst()) }
        }
        return nil
    }
}
