import TcpModel

extension HostRow {
    /// The row as `jsonLine`'s object, appended as bytes (one buffer serves a long listing).
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
        var json = JSONBytes()
        appendJSON(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
