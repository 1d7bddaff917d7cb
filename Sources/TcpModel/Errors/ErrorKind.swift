import Glibc

/// The category of a `SocketError`, as Rust's `std::io::ErrorKind` names it.
///
/// The mapping from errno follows Rust's `decode_error_kind` on Linux, so a program written
/// against this layer reads the same kinds a Rust program would.
public enum ErrorKind: Sendable, Hashable, CustomStringConvertible {
    case invalidInput
    case wouldBlock
    case timedOut
    case connectionRefused
    case connectionReset
    case connectionAborted
    case notConnected
    case addrInUse
    case addrNotAvailable
    case brokenPipe
    case unexpectedEof
    case interrupted
    case hostUnreachable
    case networkUnreachable
    case networkDown
    case permissionDenied
    case outOfMemory
    case unsupported
    case inProgress
    case writeZero
    case other

    /// The kind Rust reports for an errno value.
    public init(errno code: Int32) {
        switch code {
        case EINVAL: self = .invalidInput
        case EAGAIN: self = .wouldBlock  // EWOULDBLOCK is the same value on Linux
        case ETIMEDOUT: self = .timedOut
        case ECONNREFUSED: self = .connectionRefused
        case ECONNRESET: self = .connectionReset
        case ECONNABORTED: self = .connectionAborted
        case ENOTCONN: self = .notConnected
        case EADDRINUSE: self = .addrInUse
        case EADDRNOTAVAIL: self = .addrNotAvailable
        case EPIPE: self = .brokenPipe
        case EINTR: self = .interrupted
        case EHOSTUNREACH: self = .hostUnreachable
        case ENETUNREACH: self = .networkUnreachable
        case ENETDOWN: self = .networkDown
        case EACCES, EPERM: self = .permissionDenied
        case ENOMEM: self = .outOfMemory
        case ENOSYS: self = .unsupported
        case EINPROGRESS: self = .inProgress
        default: self = .other
        }
    }

    public var description: String {
        switch self {
        case .invalidInput: "invalid input"
        case .wouldBlock: "operation would block"
        case .timedOut: "timed out"
        case .connectionRefused: "connection refused"
        case .connectionReset: "connection reset"
        case .connectionAborted: "connection aborted"
        case .notConnected: "not connected"
        case .addrInUse: "address in use"
        case .addrNotAvailable: "address not available"
        case .brokenPipe: "broken pipe"
        case .unexpectedEof: "unexpected end of file"
        case .interrupted: "operation interrupted"
        case .hostUnreachable: "host unreachable"
        case .networkUnreachable: "network unreachable"
        case .networkDown: "network down"
        case .permissionDenied: "permission denied"
        case .outOfMemory: "out of memory"
        case .unsupported: "unsupported"
        case .inProgress: "in progress"
        case .writeZero: "write zero"
        case .other: "other error"
        }
    }
}
