import Glibc

/// The second half of a nonblocking connect: wait for writability, then ask SO_ERROR how the
/// handshake ended.
enum ConnectWait {
    static func finish(_ fd: Int32, address: SocketAddress, timeout: Duration?) throws(SocketError) {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        while true {
            var waitMs: Int32 = -1
            if let deadline {
                let left = deadline - clock.now
                if left <= .zero {
                    // The kernel would give up the same way, later: say it with the same errno,
                    // so a script's `expect error ETIMEDOUT` holds whichever timer ran out.
                    var error = SocketError(errno: ETIMEDOUT, call: "connect", detail: "to \(address)")
                    error.message = "no answer within the connect timeout"
                    throw error
                }
                waitMs = left.pollMilliseconds
            }
            let rc = poll(&pfd, 1, waitMs)
            if rc == -1 {
                let code = errno
                if code == EINTR { continue }
                throw SocketError(errno: code, call: "poll", detail: "connecting to \(address)")
            }
            if rc == 0 { continue }  // the deadline check above decides
            break
        }
        let code = try SocketOption.getInt(fd, SOL_SOCKET, SO_ERROR, "SO_ERROR")
        if code != 0 {
            throw SocketError(errno: code, call: "connect", detail: "to \(address)")
        }
    }
}
