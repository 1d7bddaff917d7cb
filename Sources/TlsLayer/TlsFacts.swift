/// What a finished handshake settled, as `info` and the Kernel pane show it.
public struct TlsFacts: Sendable, Hashable {
    /// `TLSv1.3`, as OpenSSL names it.
    public var version: String
    /// `TLS_AES_256_GCM_SHA384`.
    public var cipher: String
    /// The protocol ALPN chose, when the server chose one.
    public var alpn: String?
    /// Whether the session was resumed from an earlier one.
    public var resumed: Bool
    /// Whether the certificate was checked at all (`insecure` turns it off).
    public var verified: Bool
    /// OpenSSL's verify result (`ok`, `self-signed certificate`, ...): after an `insecure`
    /// handshake, what verification would have said.
    public var verifyResult: String
    /// The name sent as SNI, if any.
    public var serverName: String?
    /// The certificate the peer presented.
    public var peer: TlsCertificateFacts?
    /// This end is the server (a TLS listener accepted the connection): `peer` is the client's
    /// certificate, if it was asked for one.
    public var isServer: Bool
    /// A client end only: the server asked for a client certificate and none was given (the
    /// server may refuse the connection at its first read).
    public var certificateAskedForAndNotSent: Bool

    public init(version: String, cipher: String, alpn: String? = nil, resumed: Bool = false, verified: Bool = true,
                verifyResult: String = "ok", serverName: String? = nil, peer: TlsCertificateFacts? = nil,
                isServer: Bool = false, certificateAskedForAndNotSent: Bool = false) {
        self.isServer = isServer
        self.certificateAskedForAndNotSent = certificateAskedForAndNotSent
        self.version = version
        self.cipher = cipher
        self.alpn = alpn
        self.resumed = resumed
        self.verified = verified
        self.verifyResult = verifyResult
        self.serverName = serverName
        self.peer = peer
    }

    /// One line for the Log: `TLSv1.3 TLS_AES_256_GCM_SHA384 alpn h2 verified: ok, new session`.
    public var summary: String {
        var text = "\(version) \(cipher)"
        if let alpn { text += " alpn \(alpn)" }
        if isServer {
            text += " as server, client certificate: \(verifyResult)"
        } else {
            text += verified ? " verified: \(verifyResult)" : " INSECURE (not verified; would be: \(verifyResult))"
        }
        text += resumed ? ", resumed session" : ", new session"
        if certificateAskedForAndNotSent { text += ", server asked for a client certificate: none sent" }
        if let subject = peer?.subject, !subject.isEmpty { text += ", peer \(subject)" }
        return text
    }

    /// Labelled lines, for `info` and the Kernel pane's TLS section.
    public var lines: [(label: String, value: String)] {
        var rows: [(String, String)] = [
            ("tls", isServer ? "\(version) (server)" : version),
            ("cipher", cipher),
            ("alpn", alpn ?? "none"),
            ("verify", verified ? verifyResult : "off: INSECURE (would be: \(verifyResult))"),
            ("session", resumed ? "resumed" : "new"),
        ]
        if let serverName { rows.append(("sni", serverName)) }
        if let peer {
            rows.append(("subject", peer.subject))
            rows.append(("issuer", peer.issuer))
            rows.append(("valid", "\(peer.notBefore) to \(peer.notAfter)"))
            if !peer.altNames.isEmpty { rows.append(("names", peer.altNames)) }
        } else {
            rows.append(("peer", isServer ? "no client certificate" : "no certificate"))
        }
        return rows
    }
}

/// The peer certificate's facts, as text OpenSSL printed.
public struct TlsCertificateFacts: Sendable, Hashable {
    /// RFC 2253 form: `CN=localhost`.
    public var subject: String
    public var issuer: String
    /// `Dec  2 15:00:00 2026 GMT`.
    public var notBefore: String
    public var notAfter: String
    /// `DNS:localhost, IP Address:127.0.0.1`.
    public var altNames: String

    public init(subject: String, issuer: String, notBefore: String, notAfter: String, altNames: String) {
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.altNames = altNames
    }
}
