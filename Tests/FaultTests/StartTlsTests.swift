import Foundation
import Testing
import TestSupport

/// `starttls` run headless by the real binary: against a python server that speaks a
/// STARTTLS line protocol as SMTP does, and with both ends in one session.
@Suite("starttls against real peers")
struct StartTlsTests {
    @Test func aClientUpgradesAfterTheServersGoAhead() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        // 220 greeting; STARTTLS; 220 go ahead; TLS; then each line back as 250 LINE.
        let (server, port) = try ScriptedPeer.listening("""
        import ssl
        c.sendall(b'220 ready\\r\\n')
        assert c.recv(100) == b'STARTTLS\\r\\n'
        c.sendall(b'220 go ahead\\r\\n')
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        t = ctx.wrap_socket(c, server_side=True)
        line = t.recv(100)
        t.sendall(b'250 ' + line)
        time.sleep(30)
        """, arguments: [certificate.cert, certificate.key])
        let transcript = scratch.file("t.jsonl")
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s", "--transcript", transcript], stdin: """
        connect localhost:\(port)
        read
        expect text "220 ready\\r\\n"
        send "STARTTLS\\r\\n"
        read
        expect text "220 go ahead\\r\\n"
        starttls client ca=\(certificate.cert)
        send "EHLO tcpscope\\r\\n"
        read
        expect text "250 EHLO tcpscope\\r\\n"
        expect received "220 ready\\r\\n220 go ahead\\r\\n250 EHLO tcpscope\\r\\n"
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("starttls client ca=\(certificate.cert)  ok  TLSv1.3"), "\(result.stdout)")
        #expect(result.stdout.contains("plaintext from received offset 25, sent offset 10"), "\(result.stdout)")
        // Before the switch the bytes crossed as they are; after it they are plaintext.
        let lines = try String(contentsOfFile: transcript, encoding: .utf8).split(separator: "\n")
        let reads = lines.filter { $0.contains("\"op\":\"read\"") }
        #expect(reads.count == 3)
        #expect(reads.prefix(2).allSatisfy { !$0.contains("tls-plaintext") })
        #expect(reads.last?.contains("\"layer\":\"tls-plaintext\"") == true)
        await server.terminate()
    }

    @Test func bothEndsInOneSessionAndTheRefusals() async throws {
        let scratch = try ScratchDirectory()
        let certificate = try await TlsPeers.certificate(in: scratch)
        let result = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        listen 0
        connect l1
        s1: send "STARTTLS\\r\\n"
        s2: read
        s2: send "220 go ahead\\r\\n"
        s1: read
        s2: starttls server cert=\(certificate.cert) key=\(certificate.key) &
        s1: starttls client ca=\(certificate.cert)
        s1: send "secret\\n"
        s2: read
        expect text "secret\\n"
        try s1: starttls client ca=\(certificate.cert)
        """)
        #expect(result.stdout.contains("s2   starttls server"), "\(result.stdout)")
        #expect(result.stdout.contains("as server, client certificate: no client certificate asked for"), "\(result.stdout)")
        #expect(result.stdout.contains("s1   starttls client ca=\(certificate.cert)  ok"), "\(result.stdout)")
        #expect(result.stdout.contains("expect text \"secret\\n\"  ok"), "\(result.stdout)")
        #expect(result.stdout.contains("s1   starttls client ca=\(certificate.cert)  s1 already speaks TLS"), "\(result.stdout)")

        // A stream in follow mode is refused: its reads would take the handshake's bytes.
        let follow = try await ToolRun.run(["run", "-", "--timeout", "10s"], stdin: """
        listen 0
        connect l1
        follow on
        starttls client insecure
        """)
        #expect(follow.status != 0)
        #expect(follow.stdout.contains("follow is on, and its reads would take the handshake's bytes; `follow off` first"), "\(follow.stdout)")
    }

    @Test func aPeerThatNeverAnswersTheHandshakeIsCancelled() async throws {
        // The peer stays silent far longer than the test waits: the run can only end in time
        // through the cancel (on a loaded machine the run itself may take many seconds).
        let (server, port) = try ScriptedPeer.listening("time.sleep(300)")
        let begin = ContinuousClock.now
        let result = try await ToolRun.run(["run", "-", "--timeout", "1s"], stdin: """
        connect 127.0.0.1:\(port)
        starttls client insecure
        """, timeout: .seconds(120))
        #expect(result.status != 0)
        #expect(result.stdout.contains("starttls client insecure  cancelled after"), "\(result.stdout)")
        #expect(result.stdout.contains("the stream stays open without TLS"), "\(result.stdout)")
        #expect(ContinuousClock.now - begin < .seconds(120))
        await server.terminate()
    }
}
