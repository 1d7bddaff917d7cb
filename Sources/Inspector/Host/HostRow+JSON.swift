import TcpModel

extension HostRow {
    /// The row as one JSON object on one line (`tcpscope sockets --json`). Fields the kernel did
    /// not report are null; times are in seconds, rates in bytes per second.
    public var jsonLine: String {
        var json = JSONLine()
        json.field("state", socket.stateName)
        json.field("local", socket.local.description)
        json.field("peer", socket.peer.description)
        json.field("inode", UInt64(socket.inode))
        json.field("uid", UInt64(socket.uid))
        json.raw("owners", "[" + owners.map { owner in
            var o = JSONLine()
            o.field("pid", UInt64(max(0, owner.pid)))
            o.field("command", owner.command)
            o.field("fd", UInt64(max(0, owner.fd)))
            return o.object
        }.joined(separator: ",") + "]")
        json.field("recv_q", UInt64(socket.receiveQueue))
        json.field("send_q", UInt64(socket.sendQueue))
        let info = socket.info
        json.field("rtt", seconds: info?.rtt)
        json.optional("cwnd", info.map { UInt64($0.sendCongestionWindow) })
        json.optional("retransmits", info.map { UInt64($0.totalRetransmits) })
        json.optional("delivery_rate", info.map { $0.deliveryRate })
        json.optional("bytes_sent", info.map { $0.bytesSent })
        json.optional("bytes_received", info.map { $0.bytesReceived })
        json.field("busy", seconds: info?.busyTime)
        json.field("limited_by", limitedBy)
        json.field("congestion", socket.congestion)
        if let memory = socket.memory {
            var m = JSONLine()
            m.field("rmem", UInt64(memory.receiveAllocated))
            m.field("rcvbuf", UInt64(memory.receiveBuffer))
            m.field("wmem", UInt64(memory.sendAllocated))
            m.field("sndbuf", UInt64(memory.sendBuffer))
            m.field("drops", UInt64(memory.drops))
            json.raw("memory", m.object)
        } else {
            json.raw("memory", "null")
        }
        json.field("cookie", socket.cookie)
        return json.line
    }
}
