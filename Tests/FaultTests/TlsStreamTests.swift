import Foundation
import Testing
import TestSupport

/// `connect tls://` run headless by the real binary against real TLS servers (`openssl
/// s_server`, python's ssl) with a certificate made for the test, and against peers that do
/// not speak TLS.
@Suite("TLS streams against real servers")
struct TlsStreamTests {
    @Test func aVerifiedStreamSendsReadsAndExpectsPlaintext() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (server, port) = try await TlsPeers.sServer(certificate)
        let keys = scratch.file("keys.log")
        let transcript = scratch.file("t.jsonl")
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s", "--transcript", transcript], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        send "hello tls\\n"
        read
        expect text "slt olleh\\n"
        info
        close
        """, environment: ["SSLKEYLOGFILE": keys])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("handshake  ok  TLSv1.3"), "\(result.stdout)")
        #expect(result.stdout.contains("verified: ok"), "\(result.stdout)")
        #expect(result.stdout.contains("subject CN=localhost · issuer CN=localhost"), "\(result.stdout)")
        #expect(result.stdout.contains("names DNS:localhost, IP Address:127.0.0.1"), "\(result.stdout)")
        // The key log: NSS lines for this connection, in a file only its owner can read.
        let log = try String(contentsOfFile: keys, encoding: .utf8)
        #expect(log.contains("CLIENT_TRAFFIC_SECRET_0 "), "\(log)")
        #expect(log.split(separator: "\n").allSatisfy { $0.split(separator: " ").count == 3 }, "\(log)")
        let mode = try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The transcript marks plaintext and keeps the handshake's facts.
        let lines = try String(contentsOfFile: transcript, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("\"op\":\"read\"") && $0.contains("\"layer\":\"tls-plaintext\"") && $0.contains("736c74206f6c6c65680a") })
        #expect(lines.contains { $0.contains("\"op\":\"handshake\"") && $0.contains("TLS_") })
        await server.terminate()
    }

    @Test func theWrongCAFailsNamingTheVerifyErrorAndLeavesNothingOpen() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let other = try await TlsPeers.certificate(in: scratch, name: "other")
        let (server, port) = try await TlsPeers.sServer(certificate)
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(other.cert)
        """)
        #expect(result.status != 0)
        #expect(result.stdout.contains("handshake  certificate verify failed: self-signed certificate in SSL_connect"), "\(result.stdout)")
        #expect(result.stdout.contains("the connection is closed"), "\(result.stdout)")

        // The right CA, the wrong name: the host name is checked too.
        let mismatch = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert) sni=other.example
        """)
        #expect(mismatch.status != 0)
        #expect(mismatch.stdout.contains("certificate verify failed: hostname mismatch"), "\(mismatch.stdout)")

        // Nothing is left open: the next stream gets the id the failed one had.
        let again = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        try connect tls://127.0.0.1:\(port) ca=\(other.cert)
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        send "x\\n"
        read
        """)
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("s1   handshake  ok"), "\(again.stdout)")
        await server.terminate()
    }

    @Test func insecureConnectsToASelfSignedServerAndSaysSo() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (server, port) = try await TlsPeers.sServer(certificate)
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://localhost:\(port) insecure
        send "abc\\n"
        read
        expect text "cba\\n"
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("INSECURE (not verified; would be: self-signed certificate)"), "\(result.stdout)")
        // Without `insecure` the same server is refused: verification is on by default.
        let refused = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: "connect tls://localhost:\(port)\n")
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("certificate verify failed: self-signed certificate"), "\(refused.stdout)")
        await server.terminate()
    }

    @Test func followReadsEveryPlaintextByteToTheCloseNotify() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (server, port) = try TlsPeers.lineSender(certificate, count: 5000)
        let expected = (0..<5000).map { "line \($0)\n" }.joined()
        let saved = scratch.file("got.bin")
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s", "--save-read", saved], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        follow on
        wait closed
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("follow  ok  end of stream after \(expected.utf8.count) bytes"), "\(result.stdout)")
        let got = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(got == expected)
        await server.terminate()
    }

    @Test func aBlockedTlsReadIsCancelledWithNothingConsumed() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (server, port) = try await TlsPeers.sServer(certificate)
        // s_server never answers: the run ends only through the cancel (ToolRun throws if it is
        // still running after 120 s; a loaded machine may take many seconds to run it at all).
        let result = try await ToolRun.run(["run", "-", "--timeout", "1s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        read
        """, timeout: .seconds(120))
        #expect(result.status != 0)
        #expect(result.stdout.contains("read  cancelled after"), "\(result.stdout)")
        #expect(result.stdout.contains("nothing was consumed"), "\(result.stdout)")
        await server.terminate()
    }

    @Test func aPeerThatDoesNotSpeakTlsGetsAClearErrorNotAHang() async throws {
        // Garbage where the ServerHello should be.
        let (garbage, garbagePort) = try ScriptedPeer.listening("c.recv(4096); c.sendall(b'HTTP/1.1 400 Bad Request\\r\\n\\r\\n'); time.sleep(30)")
        let first = try await ToolRun.run(["run", "-", "--timeout", "5s"], stdin: "connect tls://127.0.0.1:\(garbagePort) insecure\n",
                                          timeout: .seconds(20))
        #expect(first.status != 0)
        #expect(first.stdout.contains("handshake  wrong version number in SSL_connect"), "\(first.stdout)")
        await garbage.terminate()

        // A record header promising 64 bytes, 10 of them, then the end of the connection.
        let (truncated, truncatedPort) = try ScriptedPeer.listening("c.recv(4096); c.sendall(bytes([22, 3, 3, 0, 64]) + bytes(10)); c.close(); time.sleep(30)")
        let second = try await ToolRun.run(["run", "-", "--timeout", "5s"], stdin: "connect tls://127.0.0.1:\(truncatedPort) insecure\n",
                                           timeout: .seconds(20))
        #expect(second.status != 0)
        #expect(second.stdout.contains("handshake  the peer ended the TCP stream without a TLS close_notify in SSL_connect"),
                "\(second.stdout)")
        #expect(!second.stdout.contains("timed out"), "\(second.stdout)")
        await truncated.terminate()

        // A peer that accepts and says nothing: the connect's timeout bounds the handshake.
        let (silent, silentPort) = try ScriptedPeer.listening("time.sleep(30)")
        let third = try await ToolRun.run(["run", "-"], stdin: "connect tls://127.0.0.1:\(silentPort) insecure timeout=300ms\n",
                                          timeout: .seconds(20))
        #expect(third.status != 0)
        #expect(third.stdout.contains("ETIMEDOUT (Connection timed out): no TLS handshake within the connect timeout"), "\(third.stdout)")
        // Without a connect timeout, the run's own ends the handshake: a cancel, nothing left open.
        let fourth = try await ToolRun.run(["run", "-", "--timeout", "500ms"], stdin: "connect tls://127.0.0.1:\(silentPort) insecure\n",
                                           timeout: .seconds(20))
        #expect(fourth.status != 0)
        #expect(fourth.stdout.contains("handshake  cancelled after"), "\(fourth.stdout)")
        #expect(fourth.stdout.contains("the connection is closed"), "\(fourth.stdout)")
        await silent.terminate()
    }

    @Test func theKeyLogIsNeverASymlinkNorAnotherKindOfFile() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (server, port) = try await TlsPeers.sServer(certificate)
        let precious = try scratch.write("precious.txt", "keep me\n")
        let link = scratch.file("keys.log")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: precious)
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        """, environment: ["SSLKEYLOGFILE": link])
        // The stream still opens; the Log says why the key log was not used.
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("keylog  SSLKEYLOGFILE not used:"), "\(result.stdout)")
        #expect(result.stdout.contains("is a symlink"), "\(result.stdout)")
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me\n")

        // An existing regular file is appended to, never emptied.
        let existing = try scratch.write("existing.log", "# earlier\n")
        _ = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: "connect tls://127.0.0.1:\(port) ca=\(certificate.cert)\n",
                                  environment: ["SSLKEYLOGFILE": existing])
        let text = try String(contentsOfFile: existing, encoding: .utf8)
        #expect(text.hasPrefix("# earlier\n") && text.contains("CLIENT_TRAFFIC_SECRET_0"), "\(text)")
        await server.terminate()
    }

    @Test func aRenegotiationTheServerAsksForIsCarriedOutInsideARead() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        // TLS 1.2, where a server may renegotiate; s_server does on an `r` line of its input.
        let (server, port) = try await TlsPeers.sServer(certificate, ["-tls1_2"])
        let tool = try ToolRun.start(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        read
        expect text "after the renegotiation\\n"
        send "still here\\n"
        """)
        try await tool.waitForLine(containing: "handshake  ok  TLSv1.2", timeout: .seconds(30))
        try server.send("r\n")
        try await server.waitForLine(containing: "SSL_do_handshake -> 1", timeout: .seconds(30))
        try server.send("after the renegotiation\n")
        try await server.waitForLine(containing: "still here", timeout: .seconds(30))
        let status = await tool.exited(within: .seconds(30))
        #expect(status == 0, "\(tool.stdout)\(tool.stderr)")
        await server.terminate()
    }

    @Test func aPeerThatDropsTheConnectionWithoutCloseNotifyIsSaidSoEvenWhenInsecure() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        // TLS, 3 lines, then the TCP connection closed under it: no close_notify.
        let server = try certificate.pythonServer("t.sendall(b'a\\nb\\nc\\n'); time.sleep(0.2); t.shutdown(socket.SHUT_RDWR)")
        let port = try await server.waitForPort()
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) insecure
        follow on
        wait closed
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("follow  unexpected end of file after 6 bytes: the peer ended the TCP stream without a TLS close_notify in SSL_read"),
                "\(result.stdout)")
        // Not the verify result an insecure handshake keeps: verification is not what failed.
        #expect(!result.stdout.contains("certificate verify failed"), "\(result.stdout)")
        await server.terminate()
    }

    @Test func aChainOfAHundredCertificatesIsTakenOrRefusedWithoutAHang() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let other = try await TlsPeers.certificate(in: scratch, name: "other")
        // The server sends its certificate and 100 more after it.
        let pem = try String(contentsOfFile: other.cert, encoding: .utf8)
        let chain = try scratch.write("chain.pem", String(repeating: pem, count: 100))
        let (server, port) = try await TlsPeers.sServer(certificate, ["-rev", "-cert_chain", chain])
        let begin = ContinuousClock.now
        let trusted = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert)
        send "chain\\n"
        read
        expect text "niahc\\n"
        """, timeout: .seconds(30))
        #expect(trusted.status == 0, "\(trusted.stdout)\(trusted.stderr)")
        #expect(trusted.stdout.contains("handshake  ok"), "\(trusted.stdout)")
        #expect(ContinuousClock.now - begin < .seconds(20))
        await server.terminate()
    }
}
