import CSocket
import Glibc

/// Every TCP socket on the host, from the kernel's NETLINK_SOCK_DIAG (inet_diag), as `ss` reads
/// them: one dump per address family, with TCP_INFO, memory and the congestion control.
///
/// One netlink socket, opened once and reused, with one receive buffer: not for two threads
/// at once. A caller that shares it across threads keeps it behind a lock (`HostListing`).
public final class SocketDiagnostics {
    private let descriptor: OwnedDescriptor
    private var sequence: UInt32 = 0
    /// Large receives: the kernel fills up to the buffer per message batch, and fewer recv
    /// calls are what makes a dump of many sockets cheap.
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)

    /// Opens the netlink socket. Fails only if the kernel has no sock_diag (or no descriptor
    /// is left).
    public init() throws(SocketError) {
        let fd = try syscall("socket(AF_NETLINK, NETLINK_SOCK_DIAG)") { csock_diag_open() }
        descriptor = OwnedDescriptor(fd)
    }

    deinit {
        buffer.deallocate()
    }

    /// Every TCP socket, IPv4 then IPv6, in any state of `states` (bit 1 << state number)
    /// that the inet_diag filter program `bytecode` accepts (empty: every socket). The kernel
    /// applies both, so sockets left out cost neither a reply nor a parse.
    /// A kernel that refuses the program (EINVAL: one older than an op it uses) is asked again
    /// without it: the caller's own filter still decides. Without `details`, `memory` and
    /// `congestion` stay nil and the kernel skips the work of filling them in.
    public func sockets(states: UInt32 = .max, bytecode: [UInt8] = [], details: Bool = true) throws(SocketError) -> [HostSocket] {
        var all: [HostSocket] = []
        all.reserveCapacity(1024)
        do {
            for family in [AF_INET, AF_INET6] {
                try dump(family: UInt8(family), states: states, bytecode: bytecode, details: details) { all.append(HostSocket($0)) }
            }
        } catch where error.code == EINVAL && !bytecode.isEmpty {
            return try sockets(states: states, details: details)
        }
        return all
    }

    /// Destroys `socket` (SOCK_DESTROY, as `ss -K`): the kernel aborts it, and its owner's next
    /// call fails with ECONNABORTED. Needs CAP_NET_ADMIN (EPERM without it) and a kernel built
    /// with INET_DIAG_DESTROY (EOPNOTSUPP without it); ENOENT if the socket is gone.
    public func destroy(_ socket: HostSocket) throws(SocketError) {
        var identity = socket.diagIdentity
        sequence &+= 1
        let seq = sequence
        let length = csock_diag_destroy_request(&identity, seq, buffer.baseAddress, buffer.count)
        try send(length, call: "sendto(SOCK_DESTROY)", detail: "for \(socket.local) -> \(socket.peer)")
        var done = false
        try receive(sequence: seq, call: "recv(SOCK_DESTROY)") { item, _, code throws(SocketError) in
            guard item == CSOCK_DIAG_ERROR else { return }
            done = true
            if code != 0 {
                throw SocketError(errno: code, call: "SOCK_DESTROY", detail: "of \(socket.local) -> \(socket.peer)")
            }
        } finished: { done }
    }

    private func dump(family: UInt8, states: UInt32, bytecode: [UInt8], details: Bool, _ each: (csock_diag_socket) -> Void) throws(SocketError) {
        sequence &+= 1
        let seq = sequence
        let length = bytecode.withUnsafeBytes { program in
            csock_diag_dump_request(family, states, details ? 1 : 0, program.baseAddress, program.count, seq, buffer.baseAddress, buffer.count)
        }
        let name = Int32(family) == AF_INET ? "AF_INET" : "AF_INET6"
        guard length > 0 else {
            throw SocketError(errno: E2BIG, call: "SOCK_DIAG_BY_FAMILY", detail: "\(name): the filter program (\(bytecode.count) bytes) is too long")
        }
        try send(length, call: "sendto(SOCK_DIAG_BY_FAMILY)", detail: name)
        var done = false
        try receive(sequence: seq, call: "recv(SOCK_DIAG_BY_FAMILY)") { item, socket, code throws(SocketError) in
            switch item {
            case CSOCK_DIAG_SOCKET: each(socket)
            case CSOCK_DIAG_DONE: done = true
            case CSOCK_DIAG_ERROR:
                done = true
                // A kernel without IPv6 answers ENOENT for AF_INET6: no sockets, not a failure.
                if code != 0 && code != ENOENT {
                    throw SocketError(errno: code, call: "SOCK_DIAG_BY_FAMILY", detail: name)
                }
            default: break
            }
        } finished: { done }
    }

    private func send(_ length: Int, call: String, detail: String) throws(SocketError) {
        let fd = descriptor.fd, bytes = buffer.baseAddress
        _ = try syscall(call, detail) { csock_diag_send(fd, bytes, length) }
    }

    /// Receives and walks replies of `sequence` until `finished` says so.
    private func receive(
        sequence seq: UInt32, call: String,
        _ handle: (csock_diag_item, csock_diag_socket, Int32) throws(SocketError) -> Void,
        finished: () -> Bool
    ) throws(SocketError) {
        let fd = descriptor.fd
        var socket = csock_diag_socket()
        while !finished() {
            let bytes = buffer.baseAddress, capacity = buffer.count
            let count = try syscall(call) { recv(fd, bytes, capacity, 0) }
            if count == 0 { return }
            var offset = 0
            var code: Int32 = 0
            while true {
                let item = csock_diag_next(bytes, count, &offset, seq, &socket, &code)
                if item == CSOCK_DIAG_END_OF_BUFFER { break }
                try handle(item, socket, code)
                if finished() { break }
            }
        }
    }
}
