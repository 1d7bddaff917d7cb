import Glibc

/// Kernel controls that streams and listeners both have: the TOS byte, the maximum segment
/// size, port sharing and the congestion control. A listener passes them on to the streams it
/// accepts, which is why they live here rather than on one of the two.
extension OwnedDescriptor {
    /// IP_TOS on IPv4, IPV6_TCLASS on IPv6. Linux keeps the two ECN bits of a TCP socket's own
    /// choosing, so what reads back may differ from what was set in those bits.
    func setTypeOfService(_ value: UInt8) throws(SocketError) {
        if try family() == AF_INET6 {
            try SocketOption.setInt(fd, Int32(IPPROTO_IPV6), IPV6_TCLASS, Int32(value), "IPV6_TCLASS")
        } else {
            try SocketOption.setInt(fd, Int32(IPPROTO_IP), IP_TOS, Int32(value), "IP_TOS")
        }
    }

    func typeOfService() throws(SocketError) -> UInt8 {
        let value: Int32
        if try family() == AF_INET6 {
            value = try SocketOption.getInt(fd, Int32(IPPROTO_IPV6), IPV6_TCLASS, "IPV6_TCLASS")
        } else {
            value = try SocketOption.getInt(fd, Int32(IPPROTO_IP), IP_TOS, "IP_TOS")
        }
        return UInt8(truncatingIfNeeded: value)
    }

    /// TCP_MAXSEG. The kernel takes 88...32767 (or 0, "no limit of mine") and answers anything
    /// else with EINVAL, so the value goes to it unchanged.
    func setMaximumSegmentSize(_ size: Int) throws(SocketError) {
        do {
            try SocketOption.setInt(fd, Int32(IPPROTO_TCP), TCP_MAXSEG, Int32(clamping: size), "TCP_MAXSEG")
        } catch {
            var e = error
            e.detail = "to \(size)"
            throw e
        }
    }

    /// What TCP_MAXSEG reads: on a connected socket the segment size in use now, on a listening
    /// or unconnected one the limit that was set (536 when none was).
    func maximumSegmentSize() throws(SocketError) -> Int {
        Int(try SocketOption.getInt(fd, Int32(IPPROTO_TCP), TCP_MAXSEG, "TCP_MAXSEG"))
    }

    /// SO_REUSEPORT: several sockets of the same user may bind the same address and port, and
    /// the kernel spreads incoming connections over the listeners among them.
    func setReusePort(_ on: Bool) throws(SocketError) {
        try SocketOption.setBool(fd, SOL_SOCKET, SO_REUSEPORT, on, "SO_REUSEPORT")
    }

    func reusePort() throws(SocketError) -> Bool {
        try SocketOption.getBool(fd, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT")
    }

    /// SO_REUSEADDR: bind may take a port that connections in TIME_WAIT still hold.
    func setReuseAddress(_ on: Bool) throws(SocketError) {
        try SocketOption.setBool(fd, SOL_SOCKET, SO_REUSEADDR, on, "SO_REUSEADDR")
    }

    func reuseAddress() throws(SocketError) -> Bool {
        try SocketOption.getBool(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR")
    }

    /// TCP_CONGESTION by name. A name the kernel does not know (ENOENT) or does not allow this
    /// process (EPERM) is refused by the kernel; the error then lists what it allows.
    func setCongestionControl(_ name: String) throws(SocketError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count < CongestionControl.nameCapacity, !bytes.contains(0) else {
            throw SocketError(.invalidInput, "a congestion control name is 1 to \(CongestionControl.nameCapacity - 1) bytes",
                              call: "setsockopt(TCP_CONGESTION)", detail: "to \(name)")
        }
        let rc = bytes.withUnsafeBytes { raw in
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_CONGESTION, raw.baseAddress, socklen_t(raw.count))
        }
        guard rc == -1 else { return }
        var error = SocketError(errno: errno, call: "setsockopt(TCP_CONGESTION)", detail: "to \(name)")
        if error.code == ENOENT || error.code == EPERM {
            let allowed = CongestionControl.allowed()
            error.message = allowed.isEmpty ? "not a congestion control this kernel allows"
                : "allowed here: \(allowed.joined(separator: " "))"
        }
        throw error
    }

    func congestionControl() throws(SocketError) -> String {
        var buffer = [UInt8](repeating: 0, count: CongestionControl.nameCapacity)
        var len = socklen_t(buffer.count)
        _ = try syscall("getsockopt(TCP_CONGESTION)") {
            buffer.withUnsafeMutableBytes { getsockopt(fd, Int32(IPPROTO_TCP), TCP_CONGESTION, $0.baseAddress, &len) }
        }
        let used = buffer.prefix(Int(len)).prefix { $0 != 0 }
        return String(decoding: used, as: UTF8.self)
    }
}

/// The congestion controls of this kernel, as /proc says.
public enum CongestionControl {
    /// TCP_CA_NAME_MAX, the terminating NUL included.
    static let nameCapacity = 16

    /// The names an unprivileged process may choose (net.ipv4.tcp_allowed_congestion_control);
    /// empty when the file cannot be read.
    public static func allowed() -> [String] {
        words(in: "/proc/sys/net/ipv4/tcp_allowed_congestion_control")
    }

    /// Every name the kernel has loaded (net.ipv4.tcp_available_congestion_control).
    public static func available() -> [String] {
        words(in: "/proc/sys/net/ipv4/tcp_available_congestion_control")
    }

    private static func words(in path: String) -> [String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { _ = close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return [] }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
    }
}
