/// What a TLS listener presents and checks: the words after `listen tls:[HOST:]PORT`.
public struct TlsServerOptions: Sendable, Hashable {
    /// The certificate chain (PEM, the server's own certificate first), `cert=`.
    public var certFile: String
    /// Its private key (PEM), `key=`.
    public var keyFile: String
    /// With `ca=`, clients must present a certificate this file's CAs signed.
    public var caFile: String?

    public init(certFile: String, keyFile: String, caFile: String? = nil) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.caFile = caFile
    }
}
