/// What one `send` writes: its parts in order (bytes typed on the line, or a file's contents),
/// the whole repeated `repeatCount` times. Files are read when the command runs, not when it is
/// parsed, so parsing stays free of I/O; the total is bounded by `maximumTotal` then.
public struct SendPayload: Sendable, Hashable {
    /// One part of a `send` line.
    public enum Part: Sendable, Hashable {
        /// Text (C escapes applied) or hex, already decoded.
        case bytes([UInt8])
        /// `file:PATH`: the file's bytes, read when the send runs.
        case file(String)
    }

    /// The parts, with neighbouring byte parts joined, so `send "a" "b"` equals `send "ab"`.
    public private(set) var parts: [Part]
    /// How many times the parts are sent, one after another (`repeat=N`), at least 1.
    public var repeatCount: Int

    /// The most one send may write in all: enough for any protocol test, and a typo in
    /// `repeat=` cannot make tcpscope write for hours.
    public static let maximumTotal = 1 << 30

    /// The largest `repeat=` accepted.
    public static let maximumRepeat = 1 << 30

    public init(parts: [Part], repeatCount: Int = 1) {
        self.parts = []
        self.repeatCount = repeatCount
        for part in parts { append(part) }
    }

    /// A send of these bytes, once.
    public init(_ bytes: [UInt8]) {
        self.init(parts: [.bytes(bytes)])
    }

    mutating func append(_ part: Part) {
        if case .bytes(let more) = part, case .bytes(let earlier)? = parts.last {
            parts[parts.count - 1] = .bytes(earlier + more)
        } else {
            parts.append(part)
        }
    }

    /// The bytes typed on the line, once: what a send without files writes per repetition.
    public var inlineByteCount: Int {
        parts.reduce(0) { sum, part in
            if case .bytes(let bytes) = part { return sum + bytes.count }
            return sum
        }
    }

    /// The paths of the `file:` parts, in order.
    public var files: [String] {
        parts.compactMap { part in
            if case .file(let path) = part { return path }
            return nil
        }
    }

    /// The bytes when the send has no files and no repetition: the common case, written as
    /// before.
    public var plainBytes: [UInt8]? {
        guard repeatCount == 1 else { return nil }
        switch parts.count {
        case 0: return []
        case 1: if case .bytes(let bytes) = parts[0] { return bytes } else { return nil }
        default: return nil
        }
    }

    /// `count` copies of `perRound` bytes, or nil when that is more than `maximumTotal`.
    static func total(perRound: Int, repeatCount: Int) -> Int? {
        let (product, overflow) = perRound.multipliedReportingOverflow(by: repeatCount)
        return overflow || product > maximumTotal ? nil : product
    }
}
