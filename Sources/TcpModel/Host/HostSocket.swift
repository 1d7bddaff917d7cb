import CSocket

/// One TCP socket on the host, as the kernel's sock_diag reports it: whoever owns it.
public struct HostSocket: Sendable, Hashable {
    /// nil only for a state number this layer does not know (see `stateNumber`).
    public var state: TcpState?
    public var stateNumber: UInt8
    public var local: SocketAddress
    public var peer: SocketAddress
    /// The socket's inode (0 for sockets no descriptor holds, such as TIME_WAIT).
    public var inode: UInt32
    /// The owning user's id.
    public var uid: UInt32
    /// For a listener, connections waiting to be accepted; otherwise bytes not yet read.
    public var receiveQueue: UInt32
    /// For a listener, its backlog; otherwise bytes not yet acknowledged.
    public var sendQueue: UInt32
    /// The kernel's id for this socket, unique while the host runs.
    public var cookie: UInt64
    /// The interface a socket is bound to (0 if none).
    public var interface: UInt32
    /// TCP_INFO, when the kernel reported it (not for TIME_WAIT or NEW_SYN_RECV).
    public var info: TcpInfo?
    /// Memory the socket holds (INET_DIAG_SKMEMINFO), when reported.
    public var memory: SocketMemory?
    /// The congestion control's name, when reported (`cubic`, `bbr`).
    public var congestion: String?

    /// The state's name as `ss` prints it, or `STATE n`.
    public var stateName: String {
        state?.description ?? "STATE \(stateNumber)"
    }

    init(_ r: csock_diag_socket) {
        stateNumber = r.state
        state = TcpState(rawValue: r.state)
        local = HostSocket.address(family: r.family, bytes: r.local_addr, port: r.local_port, scope: r.interface)
        peer = HostSocket.address(family: r.family, bytes: r.peer_addr, port: r.peer_port, scope: r.interface)
        inode = r.inode
        uid = r.uid
        receiveQueue = r.recv_queue
        sendQueue = r.send_queue
        cookie = UInt64(r.cookie.0) | UInt64(r.cookie.1) << 32
        interface = r.interface
        info = r.has_info != 0 ? TcpInfo(r.info) : nil
        memory = r.has_memory != 0 ? SocketMemory(r.memory, count: Int(r.memory_count)) : nil
        let name = withUnsafeBytes(of: r.congestion) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        congestion = name.isEmpty ? nil : name
    }

    /// The request that names this socket to the kernel again (for SOCK_DESTROY).
    var diagIdentity: csock_diag_socket {
        var r = csock_diag_socket()
        r.local_port = local.port
        r.peer_port = peer.port
        r.interface = interface
        r.cookie = (UInt32(truncatingIfNeeded: cookie), UInt32(truncatingIfNeeded: cookie >> 32))
        switch (local, peer) {
        case (.v4(let l, _), .v4(let p, _)):
            r.family = UInt8(AF_INET)
            HostSocket.store(l.octets, into: &r.local_addr)
            HostSocket.store(p.octets, into: &r.peer_addr)
        case (.v6(let l, _, _), .v6(let p, _, _)):
            r.family = UInt8(AF_INET6)
            HostSocket.store(l.bytes, into: &r.local_addr)
            HostSocket.store(p.bytes, into: &r.peer_addr)
        default:
            break
        }
        return r
    }

    private typealias Bytes16 = (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    private static func address(family: UInt8, bytes: Bytes16, port: UInt16, scope: UInt32) -> SocketAddress {
        // Read in place: a dump makes tens of thousands of these, and an array each would show.
        if Int32(family) == AF_INET {
            return .v4(IPv4Address(bytes.0, bytes.1, bytes.2, bytes.3), port: port)
        }
        let (high, low) = withUnsafeBytes(of: bytes) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
        let ip = IPv6Address(high: high, low: low)
        // Only a link-local address has a scope; elsewhere the bound interface is not part of it.
        let linkLocal = bytes.0 == 0xFE && bytes.1 & 0xC0 == 0x80
        return .v6(ip, port: port, scopeId: linkLocal ? scope : 0)
    }

    private static func store(_ bytes: [UInt8], into tuple: inout Bytes16) {
        withUnsafeMutableBytes(of: &tuple) { raw in
            for (i, b) in bytes.prefix(16).enumerated() { raw[i] = b }
        }
    }
}

/// A socket's memory, as `ss -m` shows it (skmem): what its queues hold and may hold, in bytes.
public struct SocketMemory: Sendable, Hashable {
    /// Bytes in the receive queue, and the receive buffer's size.
    public var receiveAllocated: UInt32
    public var receiveBuffer: UInt32
    /// Bytes in the send queue, and the send buffer's size.
    public var sendAllocated: UInt32
    public var sendBuffer: UInt32
    /// Memory reserved ahead for sending, option memory, the backlog, and packets dropped.
    public var forwardAllocated: UInt32
    public var writeQueued: UInt32
    public var optionMemory: UInt32
    public var backlog: UInt32
    public var drops: UInt32

    init(_ v: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), count: Int) {
        var values = withUnsafeBytes(of: v) { Array($0.bindMemory(to: UInt32.self)) }
        for i in count..<values.count { values[i] = 0 }
        receiveAllocated = values[0]
        receiveBuffer = values[1]
        sendAllocated = values[2]
        sendBuffer = values[3]
        forwardAllocated = values[4]
        writeQueued = values[5]
        optionMemory = values[6]
        backlog = values[7]
        drops = values[8]
    }
}
