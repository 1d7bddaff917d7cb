import COpenSSL
import CTls
import Glibc
import TcpModel

/// Where a TLS call stands: done with a count, or waiting for the socket (readable or writable)
/// before it can go on. The caller waits (in poll(2), beside its cancel signal) and calls again.
public enum TlsProgress: Sendable, Hashable {
    case done(Int)
    case wantRead
    case wantWrite
}

/// A TLS connection (client or server side) over a `TcpStream`'s own socket. Every call returns at once: the
/// BIO underneath sends and receives with MSG_DONTWAIT (and MSG_NOSIGNAL), so the caller keeps
/// the waiting, and with it `cancel`. The socket's options and TCP_INFO stay the stream's.
///
/// Not thread-safe, as an OpenSSL `SSL` is not: one call at a time.
// @unchecked: the `SSL` is used by one call at a time. Once installed on a stream, every call
// holds the lock of the Inspector's `TlsSlot` (its `connection`, a `Locked` pthread mutex); before
// that, during the handshake, only the thread that made it holds it. None of the calls blocks.
// The stored properties besides `ssl` never change.
public final class TlsConnection: @unchecked Sendable {
    /// The stream underneath; kept so its descriptor outlives the `SSL` that uses it.
    public let stream: TcpStream
    public let options: TlsClientOptions
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    /// The name sent as SNI, if any (on the server side: the name the client asked for).
    public let serverName: String?
    /// Whether this end accepted the connection (the server side of the handshake).
    public let isServer: Bool
    /// On the server side: whether clients must present a certificate (`ca=`).
    private let checksClients: Bool

    /// Prepares a client handshake toward `host` (a name or an IP address, as typed), with
    /// verification as `options` say; `keyLog` is a descriptor NSS key log lines go to (-1:
    /// none). Nothing is sent until `handshake()`.
    public init(clientOver stream: TcpStream, host: String, options: TlsClientOptions, keyLog: Int32 = -1) throws(SocketError) {
        self.stream = stream
        self.options = options
        isServer = false
        checksClients = false
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw SocketError(.outOfMemory, TlsFailure.takeQueued() ?? "could not make a TLS context", call: "SSL_CTX_new")
        }
        ctls_ctx_prepare(context)
        if keyLog >= 0 { ctls_ctx_set_keylog_fd(context, keyLog) }
        if let ca = options.caFile {
            guard SSL_CTX_load_verify_locations(context, ca, nil) == 1 else {
                let reason = TlsFailure.takeQueued() ?? "unreadable"
                SSL_CTX_free(context)
                throw SocketError(.invalidInput, "cannot load CA file \(ca): \(reason)", call: "SSL_CTX_load_verify_locations")
            }
        } else if SSL_CTX_set_default_verify_paths(context) != 1 {
            _ = TlsFailure.takeQueued()
        }
        // Verification on unless asked: a failure ends the handshake with its reason.
        SSL_CTX_set_verify(context, options.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nil)
        ctls_ctx_note_certificate_request(context)
        if let certFile = options.certFile, let keyFile = options.keyFile {
            try TlsIdentity.loadOrFree(context, certFile: certFile, keyFile: keyFile)
        }
        let wire = options.alpnWire
        if !wire.isEmpty, SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) != 0 {
            SSL_CTX_free(context)
            throw SocketError(.invalidInput, "ALPN list refused", call: "SSL_CTX_set_alpn_protos")
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw SocketError(.outOfMemory, TlsFailure.takeQueued() ?? "could not make a TLS connection", call: "SSL_new")
        }
        self.context = context
        self.ssl = ssl
        let isAddress = IPv4Address(host) != nil || IPv6Address(host) != nil
        // SNI carries names only (RFC 6066); an address is checked as an address.
        let name = options.serverName ?? (isAddress ? nil : host)
        serverName = name
        if let name {
            _ = ctls_set_sni(ssl, name)
            if !options.insecure { _ = SSL_set1_host(ssl, name) }
        } else if !options.insecure {
            _ = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        }
        SSL_set_connect_state(ssl)
        guard ctls_attach_socket(ssl, stream.fileDescriptor) == 1 else {
            throw SocketError(.outOfMemory, "could not attach the socket", call: "BIO_new")
        }
    }

    /// Prepares the server side of a handshake on a stream a TLS listener accepted.
    public init(serverOver stream: TcpStream, context server: TlsServerContext) throws(SocketError) {
        self.stream = stream
        options = TlsClientOptions()
        isServer = true
        checksClients = server.options.caFile != nil
        serverName = nil
        guard SSL_CTX_up_ref(server.context) == 1 else {
            throw SocketError(.outOfMemory, "could not share the TLS context", call: "SSL_CTX_up_ref")
        }
        context = server.context
        guard let ssl = SSL_new(server.context) else {
            SSL_CTX_free(server.context)
            throw SocketError(.outOfMemory, TlsFailure.takeQueued() ?? "could not make a TLS connection", call: "SSL_new")
        }
        self.ssl = ssl
        SSL_set_accept_state(ssl)
        guard ctls_attach_socket(ssl, stream.fileDescriptor) == 1 else {
            throw SocketError(.outOfMemory, "could not attach the socket", call: "BIO_new")
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// One step of the handshake (SSL_do_handshake).
    public func handshake() throws(SocketError) -> TlsProgress {
        try step(isServer ? "SSL_accept" : "SSL_connect") { ssl, _ in
            let rc = SSL_do_handshake(ssl)
            return (rc, rc == 1 ? 0 : nil)
        }
    }

    /// Decrypted bytes into `buffer` (SSL_read_ex); `.done(0)` is the peer's close_notify.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> TlsProgress {
        try transfer("SSL_read", buffer.count) { ssl, got in SSL_read_ex(ssl, buffer.baseAddress, buffer.count, &got) }
    }

    /// Decrypted bytes into `buffer` without consuming them (SSL_peek_ex); `.done(0)` is the
    /// peer's close_notify.
    public func peek(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> TlsProgress {
        try transfer("SSL_peek", buffer.count) { ssl, got in SSL_peek_ex(ssl, buffer.baseAddress, buffer.count, &got) }
    }

    /// Encrypts and sends what it can of `bytes` (SSL_write_ex, partial writes allowed).
    public func write(from bytes: UnsafeRawBufferPointer) throws(SocketError) -> TlsProgress {
        try transfer("SSL_write", bytes.count) { ssl, got in SSL_write_ex(ssl, bytes.baseAddress, bytes.count, &got) }
    }

    /// Plaintext already decrypted and not yet read (SSL_pending).
    public var pendingPlaintext: Int { Int(SSL_pending(ssl)) }

    /// OpenSSL holds part of a record it could not decrypt yet (the rest is still in the
    /// kernel, or on its way): the kernel's queue does not start at a record boundary.
    public var holdsPartialRecord: Bool { SSL_pending(ssl) == 0 && SSL_has_pending(ssl) == 1 }

    /// Up to `limit` of the decrypted bytes not yet read, without consuming them and without
    /// touching the socket (empty when nothing is decrypted ahead).
    public func pendingBytes(limit: Int) -> [UInt8] {
        let count = min(limit, pendingPlaintext)
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            var got = 0
            filled = SSL_peek_ex(ssl, buffer.baseAddress, count, &got) == 1 ? got : 0
            ERR_clear_error()
        }
    }

    /// Sends close_notify once, if it can go now; never waits for the peer's.
    public func closeNotify() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// What the handshake settled.
    public func facts() -> TlsFacts {
        let version = SSL_get_version(ssl).map { String(cString: $0) } ?? "?"
        let cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? "none"
        var alpnData: UnsafePointer<UInt8>?
        var alpnLength: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &alpnData, &alpnLength)
        let alpn = alpnData.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(alpnLength)), as: UTF8.self) }
        var peer: TlsCertificateFacts?
        if let cert = SSL_get1_peer_certificate(ssl) {
            defer { X509_free(cert) }
            peer = TlsCertificateFacts(subject: Self.text(cert, ctls_cert_subject), issuer: Self.text(cert, ctls_cert_issuer),
                                       notBefore: Self.text(cert, ctls_cert_not_before), notAfter: Self.text(cert, ctls_cert_not_after),
                                       altNames: Self.text(cert, ctls_cert_alt_names))
        }
        var verifyResult = TlsFailure.verifyText(SSL_get_verify_result(ssl))
        if isServer, !checksClients { verifyResult = "no client certificate asked for" }
        let sni = isServer ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name).map { String(cString: $0) } : serverName
        return TlsFacts(version: version, cipher: cipher, alpn: alpn.flatMap { $0.isEmpty ? nil : $0 },
                        resumed: SSL_session_reused(ssl) == 1, verified: !options.insecure,
                        verifyResult: verifyResult, serverName: sni, peer: peer, isServer: isServer,
                        certificateAskedForAndNotSent: !isServer && ctls_certificate_requested_without_one(ssl) == 1)
    }

    private static func text(_ cert: OpaquePointer, _ print: (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 2048)
        let n = Int(print(cert, &buffer, Int32(buffer.count)))
        return String(decoding: buffer.prefix(max(0, n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func transfer(_ call: String, _ count: Int,
                          _ body: (OpaquePointer, inout Int) -> Int32) throws(SocketError) -> TlsProgress {
        // SSL_*_ex with nothing to move would say 0 without meaning the end.
        guard count > 0 else { return .done(0) }
        return try step(call) { ssl, _ in
            var got = 0
            let rc = body(ssl, &got)
            return (rc == 1 ? 1 : 0, rc == 1 ? got : nil)
        }
    }

    /// Runs one OpenSSL call with a clean error queue and errno, and turns a non-success into
    /// progress (WANT_READ, WANT_WRITE), the end of the stream (close_notify), or an error.
    private func step(_ call: String, _ body: (OpaquePointer, Int) -> (Int32, Int?)) throws(SocketError) -> TlsProgress {
        ERR_clear_error()
        errno = 0
        let (rc, count) = body(ssl, 0)
        let savedErrno = errno
        if let count { return .done(count) }
        switch SSL_get_error(ssl, rc) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN where call == "SSL_read" || call == "SSL_peek": return .done(0)
        default: throw TlsFailure.error(ssl, result: rc, call: call, savedErrno: savedErrno)
        }
    }
}
