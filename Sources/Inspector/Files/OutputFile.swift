import SystemPackage

/// A file tcpscope writes as things happen (a transcript, `--save-read`'s raw bytes): created
/// private, written in order from any thread. The first write that fails ends it: later
/// writes are dropped (a file with a hole in the middle would look whole), the error is kept,
/// and `onFailure` is told once, at once, so the person hears the file is incomplete while
/// the session goes on, not only at the end.
final class OutputFile: Sendable {
    let path: String
    private let fd: FileDescriptor
    private let failure = Locked<FileError?>(nil)
    private let onFailure: @Sendable (FileError) -> Void

    /// `onFailure` may be called on any thread, with locks of the writer's caller held (a
    /// transcript writes from inside the event log's lock): it must not wait for them.
    init(path: String, overwrite: Bool, onFailure: @escaping @Sendable (FileError) -> Void = { _ in }) throws(FileError) {
        self.path = path
        self.onFailure = onFailure
        fd = try PrivateFile.create(path, overwrite: overwrite)
    }

    deinit {
        try? fd.close()
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure.withLock({ $0 == nil }) else { return }
        do {
            try PrivateFile.write(fd, bytes, path: path)
        } catch {
            let first = failure.withLock { old -> Bool in
                guard old == nil else { return false }
                old = error
                return true
            }
            if first { onFailure(error) }
        }
    }

    func write(_ text: String) {
        var copy = text
        copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// The first write error, if any: the file is complete only up to there.
    var error: FileError? { failure.withLock { $0 } }
}
