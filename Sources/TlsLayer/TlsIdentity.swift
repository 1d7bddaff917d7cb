import COpenSSL
import TcpModel

/// A certificate chain and its private key, loaded into a TLS context: a server's own identity
/// (`listen tls: cert= key=`) or a client's (`connect tls://... cert= key=`). Each failure names
/// the file and why, so a bad file is said before anything connects.
enum TlsIdentity {
    /// Loads `certFile` (PEM chain) and `keyFile` (PEM key) into `context` and checks that the
    /// key belongs to the chain's first certificate. An encrypted key is refused rather than
    /// asked for: a passphrase prompt on the terminal would break the screen. On failure
    /// `context` is freed: the caller was making it and has nothing left to do with it.
    static func loadOrFree(_ context: OpaquePointer, certFile: String, keyFile: String) throws(SocketError) {
        do throws(SocketError) {
            try load(into: context, certFile: certFile, keyFile: keyFile)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    fileprivate static func load(into context: OpaquePointer, certFile: String, keyFile: String) throws(SocketError) {
        func refuse(_ call: String, _ what: String) -> SocketError {
            SocketError(.invalidInput, "\(what): \(TlsFailure.takeQueued() ?? "unreadable")", call: call)
        }
        SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }
        guard SSL_CTX_use_certificate_chain_file(context, certFile) == 1 else {
            throw refuse("SSL_CTX_use_certificate_chain_file", "cannot load certificate \(certFile)")
        }
        let mismatch = { (call: String) in
            SocketError(.invalidInput, "the key \(keyFile) does not match the certificate \(certFile)", call: call)
        }
        guard SSL_CTX_use_PrivateKey_file(context, keyFile, SSL_FILETYPE_PEM) == 1 else {
            let reason = TlsFailure.takeQueued() ?? "unreadable"
            // A key of the certificate's own type is checked against it as it loads.
            if reason.contains("mismatch") { throw mismatch("SSL_CTX_use_PrivateKey_file") }
            // OpenSSL 3's decoders call a file with no key in it "unsupported", and an encrypted
            // key, with the passphrase callback above answering nothing, "bad decrypt".
            let why = switch reason {
            case "unsupported", "no start line": "no PEM private key in it (or one of a kind OpenSSL cannot read)"
            case "bad decrypt", "bad password read": "the key is encrypted, and no passphrase is asked for (openssl pkey -in FILE -out PLAIN decrypts it)"
            default: reason
            }
            throw SocketError(.invalidInput, "cannot load key \(keyFile): \(why)", call: "SSL_CTX_use_PrivateKey_file")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            _ = TlsFailure.takeQueued()
            throw mismatch("SSL_CTX_check_private_key")
        }
    }
}

extension TlsClientOptions {
    /// Loads the client certificate and key (`cert=`, `key=`) into a context of its own and
    /// drops it: a bad file, or a key that does not match, is refused before the TCP connect.
    /// Nothing to check without them.
    public func checkIdentity() throws(SocketError) {
        guard let certFile, let keyFile else { return }
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw SocketError(.outOfMemory, TlsFailure.takeQueued() ?? "could not make a TLS context", call: "SSL_CTX_new")
        }
        defer { SSL_CTX_free(context) }
        try TlsIdentity.load(into: context, certFile: certFile, keyFile: keyFile)
    }
}
