import CSocket
import Glibc

/// Linux options and counters beyond Rust's TcpStream, which the inspector shows: keepalive,
/// buffer sizes, queue lengths and TCP_INFO.
extension TcpStream {
    // MARK: keepalive

    /// SO_KEEPALIVE: probe an idle connection so a vanished peer is noticed.
    public func setKeepalive(_ on: Bool) throws(SocketError) {
        try SocketOption.setBool(owned.fd, SOL_SOCKET, SO_KEEPALIVE, on, "SO_KEEPALIVE")
    }

    public func keepalive() throws(SocketError) -> Bool {
        try SocketOption.getBool(owned.fd, SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE")
    }

    /// TCP_KEEPIDLE: idle time before the first probe, in whole seconds (1...32767).
    public func setKeepaliveIdle(_ idle: Duration) throws(SocketError) {
        try setSeconds(TCP_KEEPIDLE, "TCP_KEEPIDLE", idle)
    }

    public func keepaliveIdle() throws(SocketError) -> Duration {
        .seconds(try SocketOption.getInt(owned.fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, "TCP_KEEPIDLE"))
    }

    /// TCP_KEEPINTVL: time between probes, in whole seconds (1...32767).
    public func setKeepaliveInterval(_ interval: Duration) throws(SocketError) {
        try setSeconds(TCP_KEEPINTVL, "TCP_KEEPINTVL", interval)
    }

    public func keepaliveInterval() throws(SocketError) -> Duration {
        .seconds(try SocketOption.getInt(owned.fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, "TCP_KEEPINTVL"))
    }

    /// TCP_KEEPCNT: unanswered probes before the connection is dropped (1...127).
    public func setKeepaliveCount(_ count: UInt32) throws(SocketError) {
        try SocketOption.setInt(owned.fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, Int32(clamping: count), "TCP_KEEPCNT")
    }

    public func keepaliveCount() throws(SocketError) -> UInt32 {
        UInt32(clamping: try SocketOption.getInt(owned.fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, "TCP_KEEPCNT"))
    }

    // MARK: acknowledgements

    /// TCP_QUICKACK: acknowledge every segment at once (on) or let the kernel delay ACKs (off).
    /// Not permanent: the kernel leaves and re-enters quick-ack mode on its own, so a read back
    /// says what holds now.
    public func setQuickack(_ on: Bool) throws(SocketError) {
        try SocketOption.setBool(owned.fd, Int32(IPPROTO_TCP), TCP_QUICKACK, on, "TCP_QUICKACK")
    }

    public func quickack() throws(SocketError) -> Bool {
        try SocketOption.getBool(owned.fd, Int32(IPPROTO_TCP), TCP_QUICKACK, "TCP_QUICKACK")
    }

    // MARK: buffers

    /// SO_RCVBUF. The kernel doubles the value asked for (the extra is its bookkeeping) and
    /// clamps it to its limits; `receiveBufferSize()` reports what it actually uses.
    public func setReceiveBufferSize(_ size: Int) throws(SocketError) {
        try setBufferSize(SO_RCVBUF, "SO_RCVBUF", size)
    }

    public func receiveBufferSize() throws(SocketError) -> Int {
        Int(try SocketOption.getInt(owned.fd, SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF"))
    }

    /// SO_SNDBUF, doubled and clamped by the kernel as SO_RCVBUF is.
    public func setSendBufferSize(_ size: Int) throws(SocketError) {
        try setBufferSize(SO_SNDBUF, "SO_SNDBUF", size)
    }

    public func sendBufferSize() throws(SocketError) -> Int {
        Int(try SocketOption.getInt(owned.fd, SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF"))
    }

    // MARK: queues

    /// Bytes received and waiting to be read (SIOCINQ).
    public func pendingReadBytes() throws(SocketError) -> Int {
        try ioctlInt(CSOCK_SIOCINQ, "ioctl(SIOCINQ)")
    }

    /// Bytes written but not yet acknowledged by the peer, sent or not (SIOCOUTQ).
    public func pendingWriteBytes() throws(SocketError) -> Int {
        try ioctlInt(CSOCK_SIOCOUTQ, "ioctl(SIOCOUTQ)")
    }

    /// Bytes written but not yet sent at all (SIOCOUTQNSD).
    public func unsentWriteBytes() throws(SocketError) -> Int {
        try ioctlInt(CSOCK_SIOCOUTQNSD, "ioctl(SIOCOUTQNSD)")
    }

    /// What the kernel knows about the connection (getsockopt TCP_INFO).
    public func tcpInfo() throws(SocketError) -> TcpInfo {
        var raw = csock_tcp_info()
        _ = try syscall("getsockopt(TCP_INFO)") { csock_tcp_info(owned.fd, &raw) }
        return TcpInfo(raw)
    }

    private func setSeconds(_ name: Int32, _ label: String, _ d: Duration) throws(SocketError) {
        guard d >= .zero else { throw SocketError(.invalidInput, "negative duration", call: "setsockopt(\(label))") }
        try SocketOption.setInt(owned.fd, Int32(IPPROTO_TCP), name, d.wholeSecondsForInt32, label)
    }

    private func setBufferSize(_ name: Int32, _ label: String, _ size: Int) throws(SocketError) {
        guard size >= 0 else { throw SocketError(.invalidInput, "negative buffer size \(size)", call: "setsockopt(\(label))") }
        try SocketOption.setInt(owned.fd, SOL_SOCKET, name, Int32(clamping: size), label)
    }

    private func ioctlInt(_ request: UInt, _ label: String) throws(SocketError) -> Int {
        var value: Int32 = 0
        _ = try syscall(label) { csock_ioctl_get_int(owned.fd, request, &value) }
        return Int(value)
    }
}

/// Reads that never wait, whatever the stream's mode (recv with MSG_DONTWAIT): what a poller
/// needs to look at a blocking socket without blocking.
extension TcpStream {
    /// Reads what is queued now; nil when nothing is (EAGAIN), 0 at end of stream.
    public func tryRead(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        try nonwaiting("recv(MSG_DONTWAIT)", Int32(MSG_DONTWAIT), buffer)
    }

    /// Peeks at what is queued now without consuming it; nil when nothing is (EAGAIN).
    public func tryPeek(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        try nonwaiting("recv(MSG_PEEK|MSG_DONTWAIT)", Int32(MSG_DONTWAIT) | Int32(MSG_PEEK), buffer)
    }

    private func nonwaiting(_ call: String, _ flags: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        do {
            return try syscall(call) { Glibc.recv(owned.fd, buffer.baseAddress, buffer.count, flags) }
        } catch where error.kind == .wouldBlock {
            return nil
        }
    }
}
