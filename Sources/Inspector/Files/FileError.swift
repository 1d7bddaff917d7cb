import SystemPackage
import TcpModel

/// A file that could not be opened or written, named with the errno and the call; or one
/// tcpscope refused to touch (a symlink, a device, a FIFO at a path it was asked to overwrite),
/// named with what it is.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// What the call failed with; nil for a refusal, which no call made.
    public var errno: Errno?
    /// The call that failed, or (for a refusal) the one that found what the path is.
    public var call: String
    /// Why the path was refused before anything was changed: `is a symlink`, `is a device`.
    public var refusal: String?

    public init(path: String, errno: Errno, call: String) {
        self.path = path
        self.errno = errno
        self.call = call
    }

    /// A failed call, from the C `errno` value it left.
    public init(path: String, errnoCode: Int32, call: String) {
        self.init(path: path, errno: Errno(rawValue: errnoCode), call: call)
    }

    init(path: String, refusal: String, call: String) {
        self.path = path
        self.call = call
        self.refusal = refusal
    }

    /// The errno's name (`ENOSPC`), when a call failed.
    public var errnoName: String? { errno.map { SocketError.name(ofErrno: $0.rawValue) } }

    public var description: String {
        // The name as typed may hold control characters: shown escaped, never raw.
        let name = MessageText.fileName(path)
        if let refusal {
            return "\(name) \(refusal): only a regular file is written, and nothing was changed (seen by \(call))"
        }
        guard let errno else { return "\(call) \(name) failed" }
        let hint = errno == .fileExists ? "; choose another name or remove it first" : ""
        return "\(SocketError.name(ofErrno: errno.rawValue)) (\(SocketError.text(ofErrno: errno.rawValue))) in \(call) \(name)\(hint)"
    }
}
