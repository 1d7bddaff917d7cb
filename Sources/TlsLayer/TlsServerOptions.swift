/// What a TLS server presents and checks: the words after `listen tls:[HOST:]PORT` or
/// `starttls server`.
public struct TlsServerOptions: Sendable, Hashable {
    /// The certificate chain (PEM, the server's own certificate first), `cert=`; nil with
    /// `keyFile` for a certificate made at start (`selfsigned`).
    public var certFile: String?
    /// Its private key (PEM), `key=`.
    public var keyFile: String?
    /// With `ca=`, clients must present a certificate this file's CAs signed.
    public var caFile: String?

    public init(certFile: String, keyFile: String, caFile: String? = nil) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.caFile = caFile
    }

    /// A certificate made in memory when the server starts, for `localhost`, `127.0.0.1` and
    /// `::1`, valid one day: for teaching and trying things out (clients connect `insecure`).
    public static func selfSigned(caFile: String? = nil) -> TlsServerOptions {
        var options = TlsServerOptions(certFile: "", keyFile: "", caFile: caFile)
        options.certFile = nil
        options.keyFile = nil
        return options
    }

    /// No files: a certificate made at start.
    public var isSelfSigned: Bool { certFile == nil || keyFile == nil }
}
