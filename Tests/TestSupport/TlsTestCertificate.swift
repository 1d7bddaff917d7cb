import Foundation

/// A self-signed certificate made for one test with the real `openssl`: P-256, `CN=localhost`,
/// naming localhost and 127.0.0.1, valid one day. The TLS peers (`openssl s_server`, python's
/// ssl) present it; tcpscope trusts it with `ca=` or connects `insecure`.
public struct TlsTestCertificate: Sendable {
    public let cert: String
    public let key: String

    /// Makes `NAME.pem` and `NAME-key.pem` in `directory`.
    public static func make(in directory: String, name: String = "server") async throws -> TlsTestCertificate {
        let cert = directory + "/\(name).pem", key = directory + "/\(name)-key.pem"
        let made = try await CommandRunner.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ], timeout: .seconds(30))
        guard made.status == 0 else { throw HarnessError("openssl req failed: \(made.stderr)") }
        return TlsTestCertificate(cert: cert, key: key)
    }

    /// A python3 TLS server on loopback presenting this certificate: it prints `PORT n`,
    /// accepts one connection, runs `body` with the TLS socket as `t` (and `sys`, `time`), then
    /// sleeps until stopped.
    public func pythonServer(_ body: String, arguments: [String] = []) throws -> PeerProcess {
        try PeerProcess.python("""
            import socket, ssl, sys, time
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(sys.argv[1], sys.argv[2])
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
            print('PORT', l.getsockname()[1], flush=True)
            c, _ = l.accept()
            t = ctx.wrap_socket(c, server_side=True)
            \(body)
            time.sleep(30)
            """, arguments: [cert, key] + arguments)
    }
}
