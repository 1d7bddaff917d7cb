/// How a TLS client checks and greets its server: the words after `connect tls://HOST:PORT`.
public struct TlsClientOptions: Sendable, Hashable {
    /// A PEM file of trusted certificates (`ca=`); nil trusts the system's store.
    public var caFile: String?
    /// Verification off (`insecure`): any certificate, any name. The stream is flagged INSECURE.
    public var insecure: Bool
    /// The name sent as SNI and checked against the certificate (`sni=`); nil uses the host
    /// typed, when it is a name (an IP address is checked as an address and sends no SNI).
    public var serverName: String?
    /// The protocols offered with ALPN (`alpn=h2,http/1.1`), in order of preference.
    public var alpn: [String]
    /// The client's own certificate chain (PEM, its certificate first), `cert=`, presented when
    /// the server asks for one; always given with `keyFile`.
    public var certFile: String?
    /// The private key (PEM) of `certFile`'s first certificate, `key=`.
    public var keyFile: String?

    public init(caFile: String? = nil, insecure: Bool = false, serverName: String? = nil, alpn: [String] = [],
                certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.insecure = insecure
        self.serverName = serverName
        self.alpn = alpn
        self.certFile = certFile
        self.keyFile = keyFile
    }

    /// ALPN's wire form: each name after its length byte. Names must be 1...255 bytes.
    var alpnWire: [UInt8] {
        alpn.flatMap { name in [UInt8(clamping: name.utf8.count)] + Array(name.utf8) }
    }
}
