import Foundation
import Testing
import TestSupport

/// Client certificates (`cert=FILE key=FILE` on `connect tls://` and `starttls client`), run
/// headless by the real binary against `openssl s_server -Verify 1` and the session's own
/// `listen tls: ... ca=`, with a CA and a client certificate made in the test.
@Suite("TLS client certificates")
struct TlsClientCertificateTests {
    /// The server's own certificate, a CA, and a client certificate that CA signed.
    struct Files {
        let server: TlsTestCertificate
        let authority: TlsTestCertificate
        let client: TlsTestCertificate

        init(in scratch: ScratchDirectory) async throws {
            server = try await TlsPeers.certificate(in: scratch)
            authority = try await TlsTestCertificate.authority(in: scratch.path, name: "test-ca")
            client = try await authority.sign("client", in: scratch.path)
        }
    }

    @Test func sServerSeesTheClientCertificatesSubject() async throws {
        let scratch = try ScratchDirectory()
        let files = try await Files(in: scratch)
        let (server, port) = try await TlsPeers.sServer(files.server, ["-rev", "-Verify", "1", "-CAfile", files.authority.cert])
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(files.server.cert) cert=\(files.client.cert) key=\(files.client.key)
        send "with a certificate\\n"
        read
        expect text "etacifitrec a htiw\\n"
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("cert=\(files.client.cert) key=\(files.client.key)  ok"), "\(result.stdout)")
        #expect(result.stdout.contains("handshake  ok  TLSv1.3"), "\(result.stdout)")
        #expect(!result.stdout.contains("none sent"), "\(result.stdout)")
        // s_server reports the client's certificate on stderr.
        let seen = try await poll(timeout: .seconds(30)) { server.stderr.contains("Peer certificate: CN = client") ? true : nil }
        #expect(seen == true, "\(server.stderr)")
        await server.terminate()
    }

    @Test func withoutACertificateTheServerRefusesAndTheErrorSaysWhy() async throws {
        let scratch = try ScratchDirectory()
        let files = try await Files(in: scratch)
        let (server, port) = try await TlsPeers.sServer(files.server, ["-rev", "-Verify", "1", "-CAfile", files.authority.cert])
        // TLS 1.3 finishes the client's handshake before the server checks: the refusal comes
        // at the first read, and both places say what was missing.
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(files.server.cert)
        send "without\\n"
        read
        """)
        #expect(result.status != 0)
        #expect(result.stdout.contains("server asked for a client certificate: none sent"), "\(result.stdout)")
        #expect(result.stdout.contains(
            "read  tlsv13 alert certificate required: the server asked for a client certificate and none was given (cert=FILE key=FILE)"),
                "\(result.stdout)")
        await server.terminate()
    }

    @Test func aBadFileOrAKeyThatDoesNotMatchIsRefusedBeforeConnecting() async throws {
        let scratch = try ScratchDirectory()
        let files = try await Files(in: scratch)
        let garbage = try scratch.write("garbage.pem", "not a key\n")
        let missing = scratch.file("missing.pem")
        let encrypted = scratch.file("encrypted-key.pem")
        let encrypting = try await CommandRunner.run(["openssl", "pkey", "-in", files.client.key, "-aes256", "-passout", "pass:secret",
                                                      "-out", encrypted], timeout: .seconds(30))
        #expect(encrypting.status == 0, "\(encrypting.stderr)")
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        listen 0
        try connect tls://l1 insecure cert=\(files.client.cert) key=\(files.server.key)
        try connect tls://l1 insecure cert=\(missing) key=\(files.client.key)
        try connect tls://l1 insecure cert=\(files.client.cert) key=\(garbage)
        try connect tls://l1 insecure cert=\(files.client.cert) key=\(encrypted)
        connect l1
        wait accepted
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("the key \(files.server.key) does not match the certificate \(files.client.cert)"), "\(result.stdout)")
        #expect(result.stdout.contains("cannot load certificate \(missing): No such file or directory"), "\(result.stdout)")
        #expect(result.stdout.contains("cannot load key \(garbage): no PEM private key in it"), "\(result.stdout)")
        #expect(result.stdout.contains("cannot load key \(encrypted): the key is encrypted, and no passphrase is asked for"), "\(result.stdout)")
        #expect(result.stdout.components(separatedBy: "nothing was connected").count == 5, "\(result.stdout)")
        // Nothing was opened: the plain connect is s1, and the listener accepted only it.
        #expect(result.stdout.contains("s1   connect l1  ok"), "\(result.stdout)")
        #expect(result.stdout.contains("l1   accept  ok  s2 from"), "\(result.stdout)")
        #expect(!result.stdout.contains("s3 "), "\(result.stdout)")

        // cert= needs key=, and the screen's own `tcpscope connect` says so before starting.
        let alone = try await ToolRun.run(["connect", "tls://127.0.0.1:1", "cert=\(files.client.cert)"])
        #expect(alone.status != 0)
        #expect(alone.stderr.contains("cert= needs key=FILE"), "\(alone.stderr)")
    }

    @Test func starttlsClientPresentsOneToTheSessionsOwnServer() async throws {
        let scratch = try ScratchDirectory()
        let files = try await Files(in: scratch)
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        listen 0
        connect l1
        wait accepted
        s2: starttls server cert=\(files.server.cert) key=\(files.server.key) ca=\(files.authority.cert) &
        s1: starttls client ca=\(files.server.cert) cert=\(files.client.cert) key=\(files.client.key)
        s1: send "signed\\n"
        s2: read
        expect text "signed\\n"
        s2: info
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("as server, client certificate: ok"), "\(result.stdout)")
        #expect(result.stdout.contains("subject CN=client · issuer CN=test-ca"), "\(result.stdout)")
    }
}
