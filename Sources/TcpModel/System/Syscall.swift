import Glibc

/// The one way this module makes a system call: retry on EINTR, and turn -1 into a
/// `SocketError` carrying the errno and the call's name. `detail` is only built on failure, so
/// the hot path (recv, send) formats nothing.
@inline(__always)
func syscall<T: FixedWidthInteger & SignedInteger>(
    _ call: @autoclosure () -> String,
    _ detail: @autoclosure () -> String = "",
    _ body: () -> T
) throws(SocketError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SocketError(errno: code, call: call(), detail: detail())
    }
}
