import TcpModel

extension HostRow {
    /// The same object as `jsonLine`, appended as bytes (for long listings).
    public func appendJSON(to json: inout JSONBytes) {
        json.open()
        json.key("state"); json.string(socket.stateName)
        json.key("local"); json.address(socket.local)
        json.key("peer"); json.address(socket.peer)
        json.key("inode"); json.number(UInt64(socket.inode))
        json.key("uid"); json.number(UInt64(socket.uid))
        json.key("owners")
        json.bytes.append(UInt8(ascii: "["))
        for (i, owner) in owners.enumerated() {
            if i > 0 { json.bytes.append(UInt8(ascii: ",")) }
            json.open()
            json.key("pid"); json.number(UInt64(max(0, owner.pid)))
            json.key("command"); json.string(owner.command)
            json.key("fd"); json.number(UInt64(max(0, owner.fd)))
            json.close()
        }
        json.bytes.append(UInt8(ascii: "]"))
        json.key("recv_q"); json.number(UInt64(socket.receiveQueue))
        json.key("send_q"); json.number(UInt64(socket.sendQueue))
        let info = socket.info
        json.key("rtt"); json.seconds(info?.rtt)
        json.key("cwnd"); json.optional(info.map { UInt64($0.sendCongestionWindow) })
        json.key("retransmits"); json.optional(info.map { UInt64($0.totalRetransmits) })
        json.key("delivery_rate"); json.optional(info.map { $0.deliveryRate })
        json.key("bytes_sent"); json.optional(info.map { $0.bytesSent })
        json.key("bytes_received"); json.optional(info.map { $0.bytesReceived })
        json.key("busy"); json.seconds(info?.busyTime)
        json.key("limited_by")
        if let limited = limitedBy { json.string(limited) } else { json.null() }
        json.key("congestion")
        if let congestion = socket.congestion { json.string(congestion) } else { json.null() }
        json.key("memory")
        if let memory = socket.memory {
            json.open()
            json.key("rmem"); json.number(UInt64(memory.receiveAllocated))
            json.key("rcvbuf"); json.number(UInt64(memory.receiveBuffer))
            json.key("wmem"); json.number(UInt64(memory.sendAllocated))
            json.key("sndbuf"); json.number(UInt64(memory.sendBuffer))
            json.key("drops"); json.number(UInt64(memory.drops))
            json.close()
        } else {
            json.null()
        }
        json.key("cookie"); json.number(socket.cookie)
        json.close()
        json.bytes.append(UInt8(ascii: "\n"))
    }

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
