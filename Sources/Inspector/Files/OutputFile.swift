import SystemPackage

/// A file tcpscope writes as things happen (a transcript, `--save-read`'s raw bytes): created
/// private, written in order from any thread, and remembering the first write that failed so
/// the person is told the file is incomplete.
final class OutputFile: Sendable {
    let path: String
    private let fd: FileDescriptor
    private let failure = Locked<FileError?>(nil)

    init(path: String, overwrite: Bool) throws(FileError) {
        self.path = path
        fd = try PrivateFile.create(path, overwrite: overwrite)
    }

    deinit {
        try? fd.close()
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        do {
            try PrivateFile.write(fd, bytes, path: path)
        } catch {
            failure.withLock { if $0 == nil { $0 = error } }
        }
    }

    func write(_ text: String) {
        var copy = text
        copy.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// The first write error, if any: the file is complete only up to there.
    var error: FileError? { failure.withLock { $0 } }
}
