import Glibc

/// A value behind a pthread mutex.
///
/// Synchronization's `Mutex` would do, but on Linux it is built on raw futexes that
/// ThreadSanitizer cannot see, so every access it guards is reported as a race and a real race
/// would drown among them. A pthread mutex is what TSan understands, at the same cost when
/// uncontended.
public final class Locked<Value>: @unchecked Sendable {  // `value` is only touched with `mutex` held
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, the lock held.
    @inline(__always)
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
