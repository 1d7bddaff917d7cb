import CSocket
import Glibc

/// Host names to addresses, through the C library's getaddrinfo (so /etc/hosts and nsswitch
/// apply, as in any other program on the machine).
enum Resolver {
    /// Splits `host:port` at the last colon; `[v6]` brackets are removed. The text is named in
    /// every error, so a person sees which argument was wrong.
    static func splitHostPort(_ text: String) throws(SocketError) -> (host: String, port: UInt16) {
        let call = "resolve"
        guard let colon = text.lastIndex(of: ":") else {
            throw SocketError(.invalidInput, "'\(text)' has no port (expected HOST:PORT)", call: call)
        }
        let portText = text[text.index(after: colon)...]
        guard let port = SocketAddress.parsePort(portText) else {
            let why = portText.isEmpty ? "has no port" : "has an invalid port '\(portText)' (expected 0...65535)"
            throw SocketError(.invalidInput, "'\(text)' \(why)", call: call)
        }
        var host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 {
            host = host.dropFirst().dropLast()
        }
        guard !host.isEmpty else {
            throw SocketError(.invalidInput, "'\(text)' has an empty host (expected HOST:PORT)", call: call)
        }
        guard !host.utf8.contains(0) else {
            throw SocketError(.invalidInput, "'\(text)' contains a NUL byte", call: call)
        }
        return (String(host), port)
    }

    static func resolve(host: String, port: UInt16) throws(SocketError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &list)
        guard rc == 0 else {
            throw resolverError(rc, host: host)
        }
        defer { freeaddrinfo(list) }
        var seen = Set<SocketAddress>()
        var result: [SocketAddress] = []
        var node = list
        while let info = node {
            if let sa = info.pointee.ai_addr, info.pointee.ai_addrlen <= MemoryLayout<sockaddr_storage>.size {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { raw in
                    raw.copyMemory(from: UnsafeRawBufferPointer(start: sa, count: Int(info.pointee.ai_addrlen)))
                }
                if let address = SocketAddress(storage: storage)?.withPort(port), seen.insert(address).inserted {
                    result.append(address)
                }
            }
            node = info.pointee.ai_next
        }
        return result
    }

    private static func resolverError(_ rc: Int32, host: String) -> SocketError {
        if rc == EAI_SYSTEM {
            return SocketError(errno: errno, call: "getaddrinfo", detail: "for \(host)")
        }
        let name = csock_gai_error_name(rc).map { String(cString: $0) } ?? "EAI \(rc)"
        let text = String(cString: gai_strerror(rc))
        return SocketError(.other, "\(name) (\(text))", call: "getaddrinfo", detail: "for \(host)")
    }
}
