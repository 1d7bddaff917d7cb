import Foundation
import Testing
import TestSupport

/// The transcript's `handshake` line carries the handshake's facts as fields (`tls`), besides
/// the Log's text: run headless by the real binary against `openssl s_server`, and read back
/// as JSON.
@Suite("TLS facts in the transcript")
struct TlsTranscriptTests {
    /// The transcript's lines whose `op` is `op`, parsed.
    static func objects(_ path: String, op: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["op"] as? String == op ? object : nil
        }
    }

    @Test func theHandshakeLineHoldsItsFactsAsFields() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let (server, port) = try await TlsPeers.sServer(certificate, ["-rev", "-alpn", "http/1.1"])
        let transcript = scratch.file("t.jsonl")
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s", "--transcript", transcript], stdin: """
        connect tls://127.0.0.1:\(port) ca=\(certificate.cert) sni=localhost alpn=h2,http/1.1
        send "x\\n"
        read
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let handshakes = try Self.objects(transcript, op: "handshake")
        #expect(handshakes.count == 1)
        let line = try #require(handshakes.first)
        // The text stays, beside the fields.
        #expect((line["value"] as? String)?.hasPrefix("TLSv1.3 TLS_") == true, "\(line)")
        let tls = try #require(line["tls"] as? [String: Any], "\(line)")
        #expect(tls["role"] as? String == "client")
        #expect(tls["version"] as? String == "TLSv1.3")
        #expect((tls["cipher"] as? String)?.hasPrefix("TLS_") == true, "\(tls)")
        #expect(tls["alpn"] as? String == "http/1.1")
        #expect(tls["verified"] as? Bool == true)
        #expect(tls["verify_result"] as? String == "ok")
        #expect(tls["resumed"] as? Bool == false)
        #expect(tls["sni"] as? String == "localhost")
        #expect(tls["client_certificate_asked_not_sent"] as? Bool == false)
        #expect(tls["peer_subject"] as? String == "CN=localhost")
        #expect(tls["peer_issuer"] as? String == "CN=localhost")
        #expect(tls["sans"] as? [String] == ["DNS:localhost", "IP Address:127.0.0.1"])
        // The validity as ISO 8601 in UTC: a day from notBefore, and now inside it.
        let format = ISO8601DateFormatter()
        let notBefore = try #require((tls["not_before"] as? String).flatMap(format.date(from:)), "\(tls)")
        let notAfter = try #require((tls["not_after"] as? String).flatMap(format.date(from:)), "\(tls)")
        #expect(notAfter.timeIntervalSince(notBefore) == 86_400)
        #expect(notBefore <= Date() && Date() < notAfter)
        await server.terminate()
    }

    @Test func anInsecureClientAndTheServerSideSayWhatTheyAre() async throws {
        let scratch = try ScratchDirectory()
        let transcript = scratch.file("t.jsonl")
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s", "--transcript", transcript], stdin: """
        listen tls:0 selfsigned
        connect tls://l1 insecure
        wait accepted
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let handshakes = try Self.objects(transcript, op: "handshake").compactMap { $0["tls"] as? [String: Any] }
        #expect(handshakes.count == 2)
        let client = try #require(handshakes.first { $0["role"] as? String == "client" })
        #expect(client["verified"] as? Bool == false)
        #expect(client["verify_result"] as? String == "self-signed certificate", "\(client)")
        #expect(client["sni"] is NSNull, "\(client)")
        let server = try #require(handshakes.first { $0["role"] as? String == "server" })
        #expect(server["peer_subject"] is NSNull, "\(server)")
        #expect(server["verified"] as? Bool == false, "no client certificate was checked")
        #expect(server["sans"] as? [String] == [])
        #expect(server["client_certificate_asked_not_sent"] == nil)
        #expect(server["verify_result"] as? String == "no client certificate asked for")
    }
}
