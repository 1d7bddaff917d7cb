import Glibc
import TcpModel

/// A loopback address where nothing listens, so a connect to it is refused (RST to the SYN).
///
/// The port stays bound, never listening, for the rest of the test process: a port that was
/// merely bound and closed goes back to the kernel, and another test running beside this one
/// could get it for its own listener and turn the refused connect into an accepted one (seen
/// in CI). A bound socket without SO_REUSEADDR keeps every other bind off the port, and with
/// nothing listening the kernel still answers SYNs with a reset. One descriptor per call.
public func closedLoopbackPort(_ host: String = "127.0.0.1") throws -> SocketAddress {
    let v6 = host.contains(":")
    let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket for a closed port: errno \(errno)") }
    var storage = sockaddr_storage()
    var length: socklen_t
    if v6 {
        length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                sin6.pointee.sin6_family = sa_family_t(AF_INET6)
                sin6.pointee.sin6_addr = in6addr_loopback
            }
        }
    } else {
        length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                sin.pointee.sin_family = sa_family_t(AF_INET)
                sin.pointee.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            }
        }
    }
    let bound = withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else {
        let code = errno
        close(fd)
        throw HarnessError("bind for a closed port on \(host): errno \(code)")
    }
    let port = withUnsafePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
    }
    return v6 ? .v6(.loopback, port: port) : .v4(.loopback, port: port)
}
