import Glibc

/// Which half of a connection `TcpStream.shutdown` closes, as Rust's `Shutdown`.
public enum Shutdown: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No more reads: pending and future received data is discarded, blocked readers wake.
    case read
    /// No more writes: the peer reads end of stream (a FIN is sent after queued data).
    case write
    /// Both.
    case both

    var how: Int32 {
        switch self {
        case .read: Int32(SHUT_RD)
        case .write: Int32(SHUT_WR)
        case .both: Int32(SHUT_RDWR)
        }
    }

    public var description: String { rawValue }
}
