/// A write to a file tcpscope keeps (a transcript, a `--save-read` copy, a saved script) that
/// the kernel refused, most often because the disk is full: the file is incomplete, and the
/// person must hear of it while the session runs and when it ends.
public struct LostWrite: Sendable, Hashable {
    /// Which file: `transcript`, `save-read` or `save`.
    public var file: String
    public var path: String
    /// The errno the write failed with (`ENOSPC`).
    public var errnoName: String?
    /// The whole story in one line: the error, the call, the file (escaped) and what it holds.
    public var message: String

    public init(file: String, path: String, errnoName: String?, message: String) {
        self.file = file
        self.path = path
        self.errnoName = errnoName
        self.message = message
    }

    /// The short form the status line keeps in view: `save-read incomplete: ENOSPC`.
    public static func summary(_ lost: [LostWrite]) -> String {
        guard !lost.isEmpty else { return "" }
        var files: [String] = [], errnos: [String] = []
        for item in lost {
            if !files.contains(item.file) { files.append(item.file) }
            if let name = item.errnoName, !errnos.contains(name) { errnos.append(name) }
        }
        return files.joined(separator: ", ") + " incomplete" + (errnos.isEmpty ? "" : ": " + errnos.joined(separator: "/"))
    }
}

/// The writes a session lost, behind a lock of their own: a transcript reports its failure
/// from inside the event log's lock, so this must not wait for any other.
final class LostWriteList: Sendable {
    private let items = Locked<[LostWrite]>([])

    func append(_ lost: LostWrite) {
        items.withLock { $0.append(lost) }
    }

    var all: [LostWrite] { items.withLock { $0 } }
}
