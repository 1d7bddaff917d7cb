import Synchronization
import SystemPackage

/// Every byte read from any stream, raw and in order, to a file (`--save-read`): with follow
/// mode, a byte-exact copy of what the peer sent.
final class RawSink: Sendable {
    let path: String
    private let fd: FileDescriptor
    private let failure = Mutex<FileError?>(nil)

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

    var error: FileError? { failure.withLock { $0 } }
}
