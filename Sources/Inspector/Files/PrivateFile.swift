import Glibc
import SystemPackage
import TcpModel

/// Files tcpscope writes (transcripts, saved scripts, raw captures): created 0600, and never
/// over an existing file unless the person asked for that.
public enum PrivateFile {
    /// Opens `path` for writing. Without `overwrite`, an existing file is an error. With it, an
    /// existing file is made private before it is emptied, so what is written next is no more
    /// readable than in a new file; one that cannot be made private is left as it was.
    public static func create(_ path: String, overwrite: Bool = false) throws(FileError) -> FileDescriptor {
        var options: FileDescriptor.OpenOptions = [.create, .closeOnExec]
        if !overwrite { options.insert(.exclusiveCreate) }
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: options, permissions: [.ownerReadWrite])
        } catch let errno as Errno {
            throw FileError(path: path, errno: errno, call: "open")
        } catch {
            throw FileError(path: path, errno: .ioError, call: "open")
        }
        guard overwrite else { return fd }
        // The mode given to open applies only to a file it creates.
        if fchmod(fd.rawValue, 0o600) != 0 || ftruncate(fd.rawValue, 0) != 0 {
            let code = Errno(rawValue: errno)
            try? fd.close()
            throw FileError(path: path, errno: code, call: "open (making the existing file private and empty)")
        }
        return fd
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

/// A file that could not be opened or written, named with the errno and the call.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var errno: Errno
    public var call: String

    public var description: String {
        let hint = errno == .fileExists ? "; choose another name or remove it first" : ""
        return "\(SocketError.name(ofErrno: errno.rawValue)) (\(SocketError.text(ofErrno: errno.rawValue))) in \(call) \(path)\(hint)"
    }
}
