import COpenSSL
import CTls
import TcpModel

/// A TLS listener's certificate, key and client checking, loaded once when it starts listening
/// (so a bad file is said then, not at the first connection), and shared by every connection
/// it accepts.
// @unchecked: the SSL_CTX is configured in init and never changed after, so Swift's side needs
// no lock; what SSL_new and handshakes change inside it (reference counts, the session cache)
// OpenSSL guards with the SSL_CTX's own lock (its CRYPTO_RWLOCK), which is what lets several
// threads make connections from one context at once.
public final class TlsServerContext: @unchecked Sendable {
    let context: OpaquePointer
    public let options: TlsServerOptions

    /// Loads `options`' files; `keyLog` is a descriptor NSS key log lines go to (-1: none).
    public init(_ options: TlsServerOptions, keyLog: Int32 = -1) throws(SocketError) {
        self.options = options
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw SocketError(.outOfMemory, TlsFailure.takeQueued() ?? "could not make a TLS context", call: "SSL_CTX_new")
        }
        ctls_ctx_prepare(context)
        if keyLog >= 0 { ctls_ctx_set_keylog_fd(context, keyLog) }
        func refuse(_ call: String, _ what: String) -> SocketError {
            let reason = TlsFailure.takeQueued() ?? "unreadable"
            SSL_CTX_free(context)
            return SocketError(.invalidInput, "\(what): \(reason)", call: call)
        }
        if let certFile = options.certFile, let keyFile = options.keyFile {
            try TlsIdentity.loadOrFree(context, certFile: certFile, keyFile: keyFile)
        } else if ctls_ctx_use_self_signed(context, "localhost") != 1 {
            throw refuse("X509_sign", "could not make a self-signed certificate")
        } else if SSL_CTX_check_private_key(context) != 1 {
            throw refuse("SSL_CTX_check_private_key", "the key does not match the certificate")
        }
        if let ca = options.caFile {
            guard SSL_CTX_load_verify_locations(context, ca, nil) == 1 else {
                throw refuse("SSL_CTX_load_verify_locations", "cannot load CA file \(ca)")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
        self.context = context
    }

    deinit {
        SSL_CTX_free(context)
    }
}
