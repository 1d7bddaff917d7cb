import Glibc
import Testing
import TcpModel
import TestSupport

@Suite("SocketError")
struct ErrorTests {
    @Test("errno maps to Rust's kinds", arguments: [
        (EINVAL, ErrorKind.invalidInput), (EAGAIN, .wouldBlock), (ETIMEDOUT, .timedOut),
        (ECONNREFUSED, .connectionRefused), (ECONNRESET, .connectionReset), (ECONNABORTED, .connectionAborted),
        (ENOTCONN, .notConnected), (EADDRINUSE, .addrInUse), (EADDRNOTAVAIL, .addrNotAvailable),
        (EPIPE, .brokenPipe), (EINTR, .interrupted), (EHOSTUNREACH, .hostUnreachable),
        (ENETUNREACH, .networkUnreachable), (ENETDOWN, .networkDown), (EACCES, .permissionDenied),
        (EPERM, .permissionDenied), (EMFILE, .other), (EBADF, .other),
    ])
    func mapping(code: Int32, kind: ErrorKind) {
        #expect(ErrorKind(errno: code) == kind)
        #expect(SocketError(errno: code, call: "x").kind == kind)
    }

    @Test func descriptionNamesErrnoTextCallAndDetail() {
        let e = SocketError(errno: ECONNREFUSED, call: "connect", detail: "to 127.0.0.1:9")
        #expect(e.description == "ECONNREFUSED (Connection refused) in connect to 127.0.0.1:9")
        #expect(e.errnoName == "ECONNREFUSED")
        let mine = SocketError(.unexpectedEof, "failed to fill whole buffer", call: "readExact")
        #expect(mine.description == "failed to fill whole buffer in readExact")
        #expect(mine.code == nil)
        #expect(SocketError.name(ofErrno: 99999) == "errno 99999")
    }
}
