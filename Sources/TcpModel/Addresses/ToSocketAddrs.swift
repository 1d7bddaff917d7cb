/// Anything that names one or more socket addresses, as Rust's `ToSocketAddrs`.
///
/// `TcpStream.connect` and `TcpListener.bind` try each address in turn.
public protocol ToSocketAddrs {
    /// The addresses, in the order to try them.
    func socketAddresses() throws(SocketError) -> [SocketAddress]
}

extension SocketAddress: ToSocketAddrs {
    public func socketAddresses() throws(SocketError) -> [SocketAddress] { [self] }
}

extension Array: ToSocketAddrs where Element == SocketAddress {
    public func socketAddresses() throws(SocketError) -> [SocketAddress] { self }
}

extension String: ToSocketAddrs {
    /// `"host:port"`: a numeric address is taken as it is; a name is resolved with getaddrinfo
    /// (duplicates removed, the resolver's order kept). `[v6]:port` needs no resolver.
    public func socketAddresses() throws(SocketError) -> [SocketAddress] {
        if let address = SocketAddress(self) { return [address] }
        let (host, port) = try Resolver.splitHostPort(self)
        return try Resolver.resolve(host: host, port: port)
    }
}

extension Substring: ToSocketAddrs {
    public func socketAddresses() throws(SocketError) -> [SocketAddress] {
        try String(self).socketAddresses()
    }
}
