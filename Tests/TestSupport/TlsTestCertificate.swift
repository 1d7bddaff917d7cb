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

    /// A certificate authority made for one test (`CN=NAME`, allowed to sign), as `NAME.pem`
    /// and `NAME-key.pem` in `directory`.
    public static func authority(in directory: String, name: String = "ca") async throws -> TlsTestCertificate {
        let cert = directory + "/\(name).pem", key = directory + "/\(name)-key.pem"
        let made = try await CommandRunner.run([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=\(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
        ], timeout: .seconds(30))
        guard made.status == 0 else { throw HarnessError("openssl req (CA) failed: \(made.stderr)") }
        return TlsTestCertificate(cert: cert, key: key)
    }

    /// A certificate for `CN=NAME` that this one (a CA) signs, with a key of its own, as
    /// `NAME.pem` and `NAME-key.pem` in `directory`: a client certificate.
    public func sign(_ name: String, in directory: String) async throws -> TlsTestCertificate {
        let cert = directory + "/\(name).pem", key = directory + "/\(name)-key.pem", request = directory + "/\(name).csr"
        let asked = try await CommandRunner.run([
            "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", request, "-subj", "/CN=\(name)",
        ], timeout: .seconds(30))
        guard asked.status == 0 else { throw HarnessError("openssl req (CSR) failed: \(asked.stderr)") }
        let signed = try await CommandRunner.run([
            "openssl", "x509", "-req", "-in", request, "-CA", self.cert, "-CAkey", self.key, "-set_serial", "2",
            "-days", "1", "-out", cert,
        ], timeout: .seconds(30))
        guard signed.status == 0 else { throw HarnessError("openssl x509 -req failed: \(signed.stderr)") }
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
