import TcpModel

/// One socket of the Host view, with the processes that hold it.
public struct HostRow: Sendable, Hashable {
    public var socket: HostSocket
    /// Empty when no process holds it (TIME_WAIT), or when the holder could not be read
    /// (another user's process, without root).
    public var owners: [SocketOwner]

    public init(socket: HostSocket, owners: [SocketOwner]) {
        self.socket = socket
        self.owners = owners
    }

    /// `1234/redis-server` for the first owner, `+N` for more, or empty.
    public var ownerText: String {
        guard let first = owners.first else { return "" }
        let more = Set(owners.map(\.pid)).count - 1
        return "\(first.pid)/\(first.command)" + (more > 0 ? " +\(more)" : "")
    }

    /// The connection and who holds it, for a confirmation or a report:
    /// `ESTABLISHED 127.0.0.1:6379 -> 127.0.0.1:50112 (owned by 4242/python3 fd 5)`.
    public static func describe(_ row: HostRow) -> String {
        let socket = row.socket
        let owner = row.owners.isEmpty ? "no owner seen" :
            "owned by " + row.owners.map { "\($0.pid)/\(MessageText.fileName($0.command)) fd \($0.fd)" }.joined(separator: ", ")
        return "\(socket.stateName) \(socket.local) -> \(socket.peer) (\(owner))"
    }

    /// What held the sender back, from TCP_INFO's busy and limited times: the receive window,
    /// the send buffer, the congestion window, or the application (the last delivery-rate
    /// sample was application-limited). nil when the socket has not been busy sending.
    public var limitedBy: String? {
        guard let info = socket.info, info.busyTime > .zero else { return nil }
        let busy = Double(info.busyTime.wholeMicroseconds)
        let rwnd = Double(info.receiveWindowLimited.wholeMicroseconds)
        let sndbuf = Double(info.sendBufferLimited.wholeMicroseconds)
        let cwnd = max(0, busy - rwnd - sndbuf)
        func percent(_ part: Double) -> String { "\(Int((part / busy * 100).rounded()))%" }
        if rwnd >= sndbuf && rwnd >= cwnd && rwnd > 0 { return "receive window \(percent(rwnd))" }
        if sndbuf >= cwnd && sndbuf > 0 { return "send buffer \(percent(sndbuf))" }
        if info.deliveryRateAppLimited { return "application" }
        return "cwnd \(percent(cwnd))"
    }
}
