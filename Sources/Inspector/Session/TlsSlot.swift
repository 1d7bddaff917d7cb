import Synchronization
import TlsLayer

/// A stream's TLS, if it has one: set when the stream opens (`connect tls://`, a TLS listener)
/// or later, in place (`starttls`). One OpenSSL call at a time runs under its lock, since an
/// `SSL` is not thread-safe and the read and write sides are two threads; no call made under it
/// blocks, so a read waiting for records never holds up a send. A plain stream's hot path (a
/// followed stream's reads) pays one atomic load, not the lock.
final class TlsSlot: Sendable {
    private let active = Atomic<Bool>(false)
    private let connection = Locked<TlsConnection?>(nil)

    init(_ initial: TlsConnection? = nil) {
        if let initial { install(initial) }
    }

    /// Whether the stream's bytes go through TLS now.
    var isActive: Bool { active.load(ordering: .acquiring) }

    /// From now on, the stream's bytes go through `tls`.
    func install(_ tls: TlsConnection) {
        connection.withLock { $0 = tls }
        active.store(true, ordering: .releasing)
    }

    /// `body` with the connection, under its lock; nil on a plain stream.
    func with<Result: Sendable, E: Error>(_ body: (TlsConnection) throws(E) -> Result) throws(E) -> Result? {
        guard isActive else { return nil }
        return try connection.withLock { tls throws(E) -> Result? in
            guard let tls else { return nil }
            return try body(tls)
        }
    }
}
