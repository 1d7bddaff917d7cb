import Glibc

/// The options Rust's TcpStream has, read back from the kernel on every call.
extension TcpStream {
    /// SO_RCVTIMEO. nil blocks forever; zero is `.invalidInput`. The kernel keeps the value in
    /// scheduler ticks, so a read back may be a few milliseconds longer than what was set, and
    /// anything under a microsecond is set as one microsecond rather than "no timeout".
    public func setReadTimeout(_ timeout: Duration?) throws(SocketError) {
        try setTimeout(SO_RCVTIMEO, "SO_RCVTIMEO", timeout, call: "setReadTimeout")
    }

    /// SO_SNDTIMEO, with the same rules as `setReadTimeout`.
    public func setWriteTimeout(_ timeout: Duration?) throws(SocketError) {
        try setTimeout(SO_SNDTIMEO, "SO_SNDTIMEO", timeout, call: "setWriteTimeout")
    }

    /// The read timeout the kernel reports; nil when reads block forever.
    public func readTimeout() throws(SocketError) -> Duration? {
        try timeout(SO_RCVTIMEO, "SO_RCVTIMEO")
    }

    /// The write timeout the kernel reports; nil when writes block forever.
    public func writeTimeout() throws(SocketError) -> Duration? {
        try timeout(SO_SNDTIMEO, "SO_SNDTIMEO")
    }

    /// SO_LINGER. nil turns lingering off (close returns at once, queued data is still sent);
    /// a duration makes close wait that many whole seconds (rounded down) for queued data;
    /// zero makes close reset the connection (RST), so the peer's next read fails.
    public func setLinger(_ linger: Duration?) throws(SocketError) {
        if let linger, linger < .zero {
            throw SocketError(.invalidInput, "negative linger duration", call: "setLinger")
        }
        let value = Glibc.linger(l_onoff: linger == nil ? 0 : 1, l_linger: linger?.wholeSecondsForInt32 ?? 0)
        try SocketOption.set(owned.fd, SOL_SOCKET, SO_LINGER, value, "SO_LINGER")
    }

    /// The linger time the kernel reports; nil when lingering is off.
    public func linger() throws(SocketError) -> Duration? {
        let value = try SocketOption.get(owned.fd, SOL_SOCKET, SO_LINGER, as: Glibc.linger.self, zero: Glibc.linger(), "SO_LINGER")
        return value.l_onoff == 0 ? nil : .seconds(value.l_linger)
    }

    /// TCP_NODELAY: on sends small writes at once instead of waiting to coalesce them (Nagle).
    public func setNodelay(_ on: Bool) throws(SocketError) {
        try SocketOption.setBool(owned.fd, Int32(IPPROTO_TCP), TCP_NODELAY, on, "TCP_NODELAY")
    }

    public func nodelay() throws(SocketError) -> Bool {
        try SocketOption.getBool(owned.fd, Int32(IPPROTO_TCP), TCP_NODELAY, "TCP_NODELAY")
    }

    /// IP_TTL (IPV6_UNICAST_HOPS on an IPv6 socket), 1...255; anything else is EINVAL.
    public func setTtl(_ ttl: UInt32) throws(SocketError) {
        try owned.setTtl(ttl)
    }

    public func ttl() throws(SocketError) -> UInt32 {
        try owned.ttl()
    }

    private func setTimeout(_ name: Int32, _ label: String, _ timeout: Duration?, call: String) throws(SocketError) {
        var tv = timeval(tv_sec: 0, tv_usec: 0)
        if let timeout {
            guard !timeout.isZeroOrNegative else {
                throw SocketError(.invalidInput, "cannot set a 0 duration timeout", call: call)
            }
            tv = timeout.timevalForTimeout
        }
        try SocketOption.set(owned.fd, SOL_SOCKET, name, tv, label)
    }

    private func timeout(_ name: Int32, _ label: String) throws(SocketError) -> Duration? {
        let tv = try SocketOption.get(owned.fd, SOL_SOCKET, name, as: timeval.self, zero: timeval(), label)
        return tv.tv_sec == 0 && tv.tv_usec == 0 ? nil : Duration(tv)
    }
}
