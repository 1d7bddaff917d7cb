/// Standard-library helpers that take closures are `rethrows`, which erases a typed error to
/// `any Error`. These wrappers carry `SocketError` through them unchanged.
extension Array where Element == UInt8 {
    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(SocketError) -> R) throws(SocketError) -> R {
        let result = withUnsafeMutableBytes { raw in Result { () throws(SocketError) in try body(raw) } }
        return try result.get()
    }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(SocketError) -> R) throws(SocketError) -> R {
        let result = withUnsafeBytes { raw in Result { () throws(SocketError) in try body(raw) } }
        return try result.get()
    }
}

/// The kernel's limit on buffers in one readv/sendmsg (UIO_MAXIOV).
let maxIOVectors = 1024
