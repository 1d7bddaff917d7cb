import Foundation
import Testing
import TestSupport

/// `listen tls:` run headless by the real binary, with real clients: `openssl s_client` and
/// `curl --cacert`, and a client certificate when `ca=` asks for one.
@Suite("TLS listeners against real clients")
struct TlsListenerTests {
    /// Starts `tcpscope run -` on `script` (which starts with a `listen tls:` line) and returns
    /// it with the port it listens on.
    static func serve(_ script: String) async throws -> (PeerProcess, UInt16) {
        let tool = try ToolRun.start(["run", "-", "--timeout", "20s"], stdin: script)
        let line = try await tool.waitForLine(containing: "listen tls:", timeout: .seconds(30))
        guard let ok = line.range(of: "ok  127.0.0.1:"),
              let port = UInt16(line[ok.upperBound...].prefix(while: \.isNumber)) else {
            throw HarnessError("no port in \(line)")
        }
        return (tool, port)
    }

    @Test func sClientTalksToATlsListener() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (tool, port) = try await Self.serve("""
        listen tls:0 cert=\(certificate.cert) key=\(certificate.key)
        wait accepted timeout=20s
        read
        expect text "hello from s_client\\n"
        send "hello from tcpscope\\n"
        info
        """)
        let client = try PeerProcess(["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", certificate.cert,
                                      "-verify_return_error", "-quiet"])
        try client.send("hello from s_client\n")
        try await client.waitForLine(containing: "hello from tcpscope", timeout: .seconds(30))
        let status = await tool.exited(within: .seconds(30))
        #expect(status == 0, "\(tool.stdout)\(tool.stderr)")
        #expect(tool.stdout.contains("s1   handshake  ok  TLSv1.3"), "\(tool.stdout)")
        #expect(tool.stdout.contains("as server, client certificate: no client certificate asked for"), "\(tool.stdout)")
        #expect(tool.stdout.contains("tls TLSv1.3 (server)"), "\(tool.stdout)")
        await client.terminate()
    }

    @Test func curlGetsAnAnswerTypedByHand() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (tool, port) = try await Self.serve("""
        listen tls:0 cert=\(certificate.cert) key=\(certificate.key)
        wait accepted timeout=20s
        read 16k
        expect matches ^GET /hello HTTP/1\\.1\\r$
        send "HTTP/1.0 200 OK\\r\\nContent-Length: 12\\r\\n\\r\\nhello curl\\r\\n"
        close
        """)
        let curl = try await CommandRunner.run(["curl", "-sS", "--cacert", certificate.cert, "https://localhost:\(port)/hello"],
                                               timeout: .seconds(30))
        #expect(curl.status == 0, "\(curl.stderr)")
        #expect(curl.stdout == "hello curl\r\n")
        let status = await tool.exited(within: .seconds(30))
        #expect(status == 0, "\(tool.stdout)\(tool.stderr)")
    }

    @Test func withCaAClientWithoutACertificateIsRefusedAndOneWithItIsListed() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let clientCertificate = try await TlsPeers.certificate(in: scratch, name: "client")
        let (tool, port) = try await Self.serve("""
        listen tls:0 cert=\(certificate.cert) key=\(certificate.key) ca=\(clientCertificate.cert)
        wait accepted timeout=20s
        read
        expect text "with a certificate\\n"
        info
        """)
        // No certificate: the handshake fails on the listener, and nothing is listed.
        let refused = try PeerProcess(["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", certificate.cert, "-quiet"])
        try refused.send("without\n")
        let line = try await tool.waitForLine(containing: "l1   accept  TLS handshake with 127.0.0.1:", timeout: .seconds(30))
        #expect(line.contains("failed: peer did not return a certificate in SSL_accept; the connection is closed"), "\(line)")
        #expect(!tool.stdout.contains("accept  ok"), "\(tool.stdout)")
        await refused.terminate()
        // With one the CA signed: listed as s1, and `info` names it.
        let accepted = try PeerProcess(["openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", certificate.cert,
                                        "-cert", clientCertificate.cert, "-key", clientCertificate.key, "-quiet"])
        try accepted.send("with a certificate\n")
        let status = await tool.exited(within: .seconds(30))
        #expect(status == 0, "\(tool.stdout)\(tool.stderr)")
        #expect(tool.stdout.contains("client certificate: ok"), "\(tool.stdout)")
        #expect(tool.stdout.contains("subject CN=localhost"), "\(tool.stdout)")
        await accepted.terminate()
    }

    @Test func aSelfSignedListenerAndItsOwnClientInOneSession() async throws {
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        listen tls:0 selfsigned
        connect tls://l1 insecure
        wait accepted
        s1: send "over tls\\n"
        s2: read
        expect text "over tls\\n"
        s2: info
        try connect tls://l1
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("s2   handshake  ok  TLSv1.3"), "\(result.stdout)")
        #expect(result.stdout.contains("tls TLSv1.3 (server)"), "\(result.stdout)")
        // Verified, a certificate nobody signed is refused, naming why.
        #expect(result.stdout.contains("certificate verify failed: self-signed certificate"), "\(result.stdout)")
    }
}
