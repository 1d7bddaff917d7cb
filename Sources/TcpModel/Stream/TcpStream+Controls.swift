import Glibc

/// More of the kernel's controls over a stream: when to give up on unacknowledged data, when
/// to hold small writes, how much unsent data wakes a writer, which congestion control runs,
/// and the options a stream shares with listeners (TOS, segment size, port sharing).
extension TcpStream {
    // MARK: giving up and holding back

    /// TCP_USER_TIMEOUT: how long sent data may stay unacknowledged (and, with keepalive on,
    /// how long probes may go unanswered) before the connection is dropped with ETIMEDOUT.
    /// nil (0 to the kernel) leaves it to the retransmission and keepalive counters. The kernel
    /// keeps whole milliseconds; a fraction is rounded down, a positive time to at least 1 ms.
    public func setUserTimeout(_ timeout: Duration?) throws(SocketError) {
        var millis: Int64 = 0
        if let timeout {
            guard timeout >= .zero else {
                throw SocketError(.invalidInput, "negative user timeout", call: "setsockopt(TCP_USER_TIMEOUT)")
            }
            millis = timeout.wholeMilliseconds
            if millis == 0 && timeout > .zero { millis = 1 }
        }
        do {
            try SocketOption.setInt(owned.fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, Int32(clamping: millis), "TCP_USER_TIMEOUT")
        } catch {
            var e = error
            e.detail = "to \(millis) ms"
            throw e
        }
    }

    /// The user timeout the kernel reports; nil when none is set.
    public func userTimeout() throws(SocketError) -> Duration? {
        let millis = try SocketOption.getInt(owned.fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT")
        return millis == 0 ? nil : .milliseconds(millis)
    }

    /// TCP_CORK: hold partial segments back until the cork is removed (or 200 ms pass), so
    /// a header and a body written separately leave as one segment.
    public func setCork(_ on: Bool) throws(SocketError) {
        try SocketOption.setBool(owned.fd, Int32(IPPROTO_TCP), TCP_CORK, on, "TCP_CORK")
    }

    public func cork() throws(SocketError) -> Bool {
        try SocketOption.getBool(owned.fd, Int32(IPPROTO_TCP), TCP_CORK, "TCP_CORK")
    }

    /// TCP_NOTSENT_LOWAT: the socket counts as writable only while fewer than this many bytes
    /// are written but not yet sent. 0 means the system's value (net.ipv4.tcp_notsent_lowat).
    public func setNotSentLowWatermark(_ bytes: Int) throws(SocketError) {
        guard bytes >= 0 else {
            throw SocketError(.invalidInput, "negative low watermark \(bytes)", call: "setsockopt(TCP_NOTSENT_LOWAT)")
        }
        try SocketOption.setInt(owned.fd, Int32(IPPROTO_TCP), TCP_NOTSENT_LOWAT, Int32(clamping: bytes), "TCP_NOTSENT_LOWAT")
    }

    public func notSentLowWatermark() throws(SocketError) -> Int {
        Int(UInt32(bitPattern: try SocketOption.getInt(owned.fd, Int32(IPPROTO_TCP), TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT")))
    }

    // MARK: shared with listeners

    /// TCP_CONGESTION: the congestion control by name (`cubic`, `bbr`, `reno`). An unknown or
    /// forbidden name fails with the kernel's errno and the names it allows.
    public func setCongestionControl(_ name: String) throws(SocketError) { try owned.setCongestionControl(name) }
    public func congestionControl() throws(SocketError) -> String { try owned.congestionControl() }

    /// IP_TOS (IPV6_TCLASS on IPv6), 0...255.
    public func setTypeOfService(_ value: UInt8) throws(SocketError) { try owned.setTypeOfService(value) }
    public func typeOfService() throws(SocketError) -> UInt8 { try owned.typeOfService() }

    /// TCP_MAXSEG: set a limit (88...32767, the kernel judges); read the segment size in use.
    public func setMaximumSegmentSize(_ size: Int) throws(SocketError) { try owned.setMaximumSegmentSize(size) }
    public func maximumSegmentSize() throws(SocketError) -> Int { try owned.maximumSegmentSize() }

    /// SO_REUSEPORT.
    public func setReusePort(_ on: Bool) throws(SocketError) { try owned.setReusePort(on) }
    public func reusePort() throws(SocketError) -> Bool { try owned.reusePort() }
}

/// The same shared controls on a listener: streams it accepts inherit them.
extension TcpListener {
    public func setCongestionControl(_ name: String) throws(SocketError) { try owned.setCongestionControl(name) }
    public func congestionControl() throws(SocketError) -> String { try owned.congestionControl() }
    public func setTypeOfService(_ value: UInt8) throws(SocketError) { try owned.setTypeOfService(value) }
    public func typeOfService() throws(SocketError) -> UInt8 { try owned.typeOfService() }
    public func setMaximumSegmentSize(_ size: Int) throws(SocketError) { try owned.setMaximumSegmentSize(size) }
    public func maximumSegmentSize() throws(SocketError) -> Int { try owned.maximumSegmentSize() }
    public func setReusePort(_ on: Bool) throws(SocketError) { try owned.setReusePort(on) }
    public func reusePort() throws(SocketError) -> Bool { try owned.reusePort() }
    public func reuseAddress() throws(SocketError) -> Bool { try owned.reuseAddress() }
}
