import Foundation
import TestSupport

/// Certificates made for one test, and the TLS servers that present them: `openssl s_server`
/// and a python3 `ssl` server for what s_server cannot do (close after a fixed answer).
enum TlsPeers {
    typealias Certificate = TlsTestCertificate

    static func certificate(in scratch: ScratchDirectory, name: String = "server") async throws -> Certificate {
        try await TlsTestCertificate.make(in: scratch.path, name: name)
    }

    /// `openssl s_server` on an ephemeral loopback port (it prints `ACCEPT 127.0.0.1:PORT`),
    /// with `extra` arguments (`-rev` answers each line reversed).
    static func sServer(_ certificate: Certificate, _ extra: [String] = ["-rev"]) async throws -> (PeerProcess, UInt16) {
        let server = try PeerProcess(["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", certificate.cert,
                                      "-key", certificate.key] + extra)
        let line = try await server.waitForLine(containing: "ACCEPT", timeout: .seconds(30))
        guard let colon = line.lastIndex(of: ":"), let port = UInt16(line[line.index(after: colon)...].prefix(while: \.isNumber)) else {
            throw HarnessError("no port in \(line)")
        }
        return (server, port)
    }

    /// A python3 TLS server that accepts one connection, sends `count` lines `line N\n`,
    /// sends close_notify and closes.
    static func lineSender(_ certificate: Certificate, count: Int) throws -> (PeerProcess, UInt16) {
        try ScriptedPeer.listening("""
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        t = ctx.wrap_socket(c, server_side=True)
        t.sendall(b''.join(b'line %d\\n' % i for i in range(int(sys.argv[4]))))
        t.unwrap()
        c.close()
        time.sleep(30)
        """, arguments: [certificate.cert, certificate.key, String(count)])
    }
}
