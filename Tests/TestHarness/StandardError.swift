import Glibc

/// Progress and problems go to descriptor 2 (Swift 6 forbids touching C's `stderr` global),
/// so standard output carries only the tables.
public enum StandardError {
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        // Each pass writes at least one byte or gives up.
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
