import Glibc
import SystemPackage

/// A file whose bytes a `send` writes (`file:PATH`): opened read-only before anything is sent,
/// so a missing file sends nothing, and read in chunks as the send goes, so a large file never
/// sits in memory whole. Only regular files: a FIFO or a device could block or never end.
final class SendFile {
    let path: String
    /// The size when opened; exactly this many bytes are sent from it, each round.
    let size: Int
    private let fd: FileDescriptor

    init(path: String) throws(SendFileError) {
        self.path = path
        var before = stat()
        guard stat(path, &before) == 0 else {
            throw .file(FileError(path: path, errnoCode: errno, call: "stat"))
        }
        if let kind = PrivateFile.kindRefused(before.st_mode) { throw .notRegular(path: path, kind: kind) }
        let raw = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard raw >= 0 else { throw .file(FileError(path: path, errnoCode: errno, call: "open")) }
        var now = stat()
        guard fstat(raw, &now) == 0 else {
            let code = errno
            _ = Glibc.close(raw)
            throw .file(FileError(path: path, errnoCode: code, call: "fstat"))
        }
        if let kind = PrivateFile.kindRefused(now.st_mode) {
            _ = Glibc.close(raw)
            throw .notRegular(path: path, kind: kind)
        }
        fd = FileDescriptor(rawValue: raw)
        size = Int(now.st_size)
    }

    deinit { try? fd.close() }

    /// Reads up to `buffer.count` bytes at `offset`; 0 means the file ended early (it shrank).
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(SendFileError) -> Int {
        do {
            return try fd.read(fromAbsoluteOffset: Int64(offset), into: buffer, retryOnInterrupt: true)
        } catch let errno as Errno {
            throw .file(FileError(path: path, errno: errno, call: "read"))
        } catch {
            throw .file(FileError(path: path, errno: .ioError, call: "read"))
        }
    }
}

/// Why a `file:` part could not be sent; the file's name is always in it, escaped.
enum SendFileError: Error, CustomStringConvertible {
    case file(FileError)
    case notRegular(path: String, kind: String)

    var description: String {
        switch self {
        case .file(let error): error.description
        case .notRegular(let path, let kind):
            "file:\(MessageText.fileName(path)) \(kind): only a regular file can be sent"
        }
    }

    var errnoName: String? {
        if case .file(let error) = self { return error.errnoName }
        return nil
    }
}
