import Glibc

/// A value behind a pthread mutex: the same contract as `Synchronization.Mutex`, in a form
/// ThreadSanitizer understands.
///
/// Why not `Mutex`: on Linux its lock is a bare futex, which ThreadSanitizer does not
/// intercept, so every access made under it looks unsynchronized and a sanitized test run
/// drowns in false race reports. `pthread_mutex_lock` is intercepted, and uncontended it
/// costs one atomic instruction each way, like the futex.
///
/// Sendable for any `Value` on the same terms as `Mutex`: the value goes in `sending` and is
/// only reachable inside `withLock`, whose body receives it `inout sending` and returns a
/// `sending` result, so region checking stops a caller from keeping an alias to it outside
/// the lock. (CaptureRing keeps a raw buffer pointer in its state, which is not Sendable;
/// a `Value: Sendable` constraint would force it back to `@unchecked` for no gain.)
///
/// Not recursive: calling `withLock` again from its own body deadlocks.
// @unchecked: `mutex` (the pthread mutex this class owns) is held for every access to `value`,
// which is reachable only inside `withLock`.
public final class Locked<Value>: @unchecked Sendable {
    /// Heap-allocated because a pthread mutex must not move once initialized, and Swift
    /// gives no stable address for a stored property.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Out of line too, not a stored `var`: a stored property gets a dynamic exclusivity check
    /// on every access (work the mutex already does), which ThreadSanitizer watches as an
    /// access to the property's address; and an empty `Value` (a lock guarding no data) sits
    /// at the object's own address, whose header other threads read without the lock, so
    /// ThreadSanitizer reported a race that was not one.
    private let value: UnsafeMutablePointer<Value>

    public init(_ initialValue: sending Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        // A default mutex only fails to initialize on resource exhaustion; there is no sane
        // way to carry on without the lock.
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed (\(status))")
        value = .allocate(capacity: 1)
        value.initialize(to: initialValue)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock; other threads' calls wait.
    public func withLock<Result, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
