import Glibc
import SystemPackage

/// Files tcpscope writes (transcripts, saved scripts, raw captures): created 0600, and never
/// over an existing file unless the person asked for that; even then only over a regular file.
public enum PrivateFile {
    /// Opens `path` for writing. Without `overwrite`, an existing file is an error. With it, an
    /// existing regular file is made private before it is emptied, so what is written next is
    /// no more readable than in a new file; one that cannot be made private and empty is left
    /// as it was. Anything else at the path (a symlink, a device, a FIFO, a directory, a
    /// socket) is refused before it is opened or changed: it is never followed, chmodded,
    /// truncated, or waited on.
    public static func create(_ path: String, overwrite: Bool = false) throws(FileError) -> FileDescriptor {
        // O_EXCL never follows a symlink and never opens what already exists.
        do {
            return try open(path, [.create, .exclusiveCreate])
        } catch let error where overwrite && error.errno == .fileExists {
            return try reopen(path)
        }
    }

    /// Options every open here takes: no symlink followed, no waiting for a FIFO's reader, no
    /// terminal made the controlling one, nothing inherited by a child.
    private static let safeOptions: FileDescriptor.OpenOptions = [
        .closeOnExec, .noFollow, .nonBlocking, FileDescriptor.OpenOptions(rawValue: O_NOCTTY),
    ]

    private static func open(_ path: String, _ options: FileDescriptor.OpenOptions) throws(FileError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(FilePath(path), .writeOnly, options: safeOptions.union(options),
                                           permissions: [.ownerReadWrite])
        } catch let errno as Errno {
            throw FileError(path: path, errno: errno, call: "open")
        } catch {
            throw FileError(path: path, errno: .ioError, call: "open")
        }
    }

    /// Opens an existing file to overwrite it: looked at first (lstat), so that a device or a
    /// FIFO is never even opened (opening some devices acts on them), then checked again on
    /// the open descriptor, in case the path changed in between.
    private static func reopen(_ path: String) throws(FileError) -> FileDescriptor {
        var before = stat()
        guard lstat(path, &before) == 0 else {
            throw FileError(path: path, errno: Errno(rawValue: errno), call: "lstat")
        }
        if let kind = kindRefused(before.st_mode) { throw FileError(path: path, refusal: kind, call: "lstat") }
        let fd = try open(path, [])
        var now = stat()
        guard fstat(fd.rawValue, &now) == 0 else {
            let code = Errno(rawValue: errno)
            try? fd.close()
            throw FileError(path: path, errno: code, call: "fstat")
        }
        if let kind = kindRefused(now.st_mode) ?? (now.st_ino != before.st_ino || now.st_dev != before.st_dev ? "changed while it was opened" : nil) {
            try? fd.close()
            throw FileError(path: path, refusal: kind, call: "fstat")
        }
        // The mode given to open applies only to a file it creates. Made private before it is
        // emptied; if emptying fails, its old mode is put back: a file tcpscope cannot use is
        // left as it was found.
        let oldMode = now.st_mode & 0o7777
        if oldMode != 0o600, fchmod(fd.rawValue, 0o600) != 0 {
            let code = Errno(rawValue: errno)
            try? fd.close()
            throw FileError(path: path, errno: code, call: "fchmod (making the existing file private)")
        }
        if ftruncate(fd.rawValue, 0) != 0 {
            let code = Errno(rawValue: errno)
            if oldMode != 0o600 { _ = fchmod(fd.rawValue, oldMode) }
            try? fd.close()
            throw FileError(path: path, errno: code, call: "ftruncate (emptying the existing file)")
        }
        return fd
    }

    /// What a file of mode `mode` is, when it is not a regular file.
    static func kindRefused(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFLNK: "is a symlink"
        case S_IFCHR: "is a device (character special)"
        case S_IFBLK: "is a device (block special)"
        case S_IFIFO: "is a FIFO"
        case S_IFDIR: "is a directory"
        case S_IFSOCK: "is a socket"
        default: "is not a regular file"
        }
    }

    /// Writes all of `bytes`, retrying partial writes and EINTR.
    public static func write(_ fd: FileDescriptor, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileError) {
        do {
            _ = try fd.writeAll(bytes)
        } catch let errno as Errno {
            throw FileError(path: path, errno: errno, call: "write")
        } catch {
            throw FileError(path: path, errno: .ioError, call: "write")
        }
    }

    public static func write(_ fd: FileDescriptor, _ text: String, path: String) throws(FileError) {
        var copy = text
        let result = copy.withUTF8 { utf8 in
            Result { () throws(FileError) in try write(fd, UnsafeRawBufferPointer(utf8), path: path) }
        }
        try result.get()
    }
}
