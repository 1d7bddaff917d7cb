import Testing
import TlsLayer
@testable import Inspector

/// `connect tls://`: how its words parse, print back, complete, and what each mistake says.
@Suite struct TlsCommandTests {
    static func command(_ line: String) throws -> Command? {
        try CommandParser.parse(line).command
    }

    @Test func tlsWordsParse() throws {
        #expect(try Self.command("connect tls://example.com:443")
                == .connect(target: "example.com:443", timeout: nil, tls: TlsClientOptions()))
        #expect(try Self.command("CONNECT TLS://127.0.0.1:0443 ca=/tmp/ca.pem sni=db.internal alpn=h2,http/1.1 timeout=2s")
                == .connect(target: "127.0.0.1:443", timeout: .seconds(2),
                            tls: TlsClientOptions(caFile: "/tmp/ca.pem", serverName: "db.internal", alpn: ["h2", "http/1.1"])))
        #expect(try Self.command("connect tls://[::1]:8443 insecure from=[::1]:0")
                == .connect(target: "[::1]:8443", timeout: nil, from: "[::1]:0", tls: TlsClientOptions(insecure: true)))
    }

    @Test func tlsLinesPrintBackAsTheyParse() throws {
        for line in ["connect tls://example.com:443", "connect tls://127.0.0.1:443 ca=/tmp/ca.pem sni=db.internal alpn=h2,http/1.1",
                     "connect tls://[::1]:8443 timeout=2s insecure", "connect 127.0.0.1:80",
                     "connect tls://h:1 ca=/tmp/ca.pem cert=/tmp/client.pem key=/tmp/client-key.pem"] {
            let parsed = try #require(try Self.command(line))
            #expect(try Self.command(parsed.description) == parsed, "\(parsed.description)")
        }
        let parsed = try #require(try Self.command("connect tls://h:1 insecure alpn=h2"))
        #expect(parsed.argumentsText == "tls://h:1 insecure alpn=h2")
        let identity = try #require(try Self.command("connect tls://h:1 key=k.pem cert=c.pem"))
        #expect(identity == .connect(target: "h:1", timeout: nil, tls: TlsClientOptions(certFile: "c.pem", keyFile: "k.pem")))
        #expect(identity.argumentsText == "tls://h:1 cert=c.pem key=k.pem")
    }

    @Test func mistakesAreNamed() {
        let usage = CommandParserErrorTests.connectUsage
        let tls = TlsArguments.expected
        let cases: [(String, String)] = [
            ("connect 127.0.0.1:80 ca=x.pem", "connect: 'ca=' applies to a TLS connect only (expected \(tls))"),
            ("connect 127.0.0.1:80 insecure", "connect: 'insecure' applies to a TLS connect only (expected \(tls))"),
            ("connect tls://h:1 insecure ca=x.pem", "connect: ca= and insecure contradict each other: insecure checks no certificate (expected \(tls))"),
            ("connect tls://h:1 alpn=h2,,x", "connect: '' is not a protocol name (expected alpn=LIST, names separated by commas such as alpn=h2,http/1.1)"),
            ("connect tls://h:1 sni=a/b", "connect: 'a/b' is not a host name (expected sni=NAME, a DNS name such as example.com)"),
            ("connect tls://h", "connect: 'h' has no port (expected \(CommandParserErrorTests.hostPort))"),
            ("connect tls://h:1 insecure insecure", "connect: unexpected 'insecure' (expected \(usage))"),
            ("connect tls://h:1 cert=x", "connect: cert= needs key=FILE (the certificate's private key, PEM) (expected \(tls))"),
            ("connect tls://h:1 key=x", "connect: key= needs cert=FILE (the client certificate chain, PEM) (expected \(tls))"),
            ("connect 127.0.0.1:80 cert=c key=k", "connect: 'cert=' applies to a TLS connect only (expected \(tls))"),
        ]
        for (line, message) in cases {
            do {
                _ = try CommandParser.parse(line)
                Issue.record("\(line) parsed")
            } catch {
                #expect(error.message == message, "\(line)")
            }
        }
    }

    @Test func completionOffersTheTlsWordsAfterATlsAddress() {
        #expect(CommandParser.completions(for: "connect tl", streamIDs: []) == ["tls://"])
        #expect(CommandParser.completions(for: "connect tls://h:1 ", streamIDs: []) == ["timeout=", "from=", "ca=", "sni=", "alpn=", "cert=", "key=", "insecure"])
        #expect(CommandParser.completions(for: "connect tls://h:1 insecure i", streamIDs: []) == [])
        #expect(CommandParser.completions(for: "connect h:1 ", streamIDs: []) == ["timeout=", "from="])
    }
}

/// `listen tls:`: its words, how they print back, and its mistakes.
@Suite struct TlsListenCommandTests {
    @Test func listenTlsParsesAndPrintsBack() throws {
        let parsed = try CommandParser.parse("listen tls:0 cert=/tmp/c.pem key=/tmp/k.pem ca=/tmp/ca.pem backlog=4").command
        #expect(parsed == .listen(address: "127.0.0.1:0", backlog: 4,
                                  tls: TlsServerOptions(certFile: "/tmp/c.pem", keyFile: "/tmp/k.pem", caFile: "/tmp/ca.pem")))
        let line = try #require(parsed).description
        #expect(line == "listen tls:127.0.0.1:0 backlog=4 cert=/tmp/c.pem key=/tmp/k.pem ca=/tmp/ca.pem")
        #expect(try CommandParser.parse(line).command == parsed)
        #expect(try CommandParser.parse("listen tls:0 selfsigned").command == .listen(address: "127.0.0.1:0", tls: .selfSigned()))
        #expect(try CommandParser.parse("listen tls:0 selfsigned").description == "listen tls:127.0.0.1:0 selfsigned")
        #expect(throws: CommandError.self) { try CommandParser.parse("listen tls:0 selfsigned cert=c") }
        #expect(try CommandParser.parse("listen tls://*:8443 cert=c key=k").command
                == .listen(address: "0.0.0.0:8443", tls: TlsServerOptions(certFile: "c", keyFile: "k")))
    }

    @Test func mistakesAreNamed() {
        let expected = TlsArguments.listenExpected
        let cases: [(String, String)] = [
            ("listen tls:0 key=k", "listen: a TLS listener needs cert=FILE (its certificate chain, PEM), or selfsigned (expected \(expected))"),
            ("listen tls:0 cert=c", "listen: a TLS listener needs key=FILE (its private key, PEM) (expected \(expected))"),
            ("listen 0 cert=c key=k", "listen: 'cert=' applies to a TLS listener only (expected \(expected))"),
        ]
        for (line, message) in cases {
            do {
                _ = try CommandParser.parse(line)
                Issue.record("\(line) parsed")
            } catch {
                #expect(error.message == message, "\(line)")
            }
        }
        #expect(CommandParser.completions(for: "listen tls:0 ", streamIDs: []).contains("cert="))
        #expect(!CommandParser.completions(for: "listen 0 ", streamIDs: []).contains("cert="))
    }
}

/// `starttls client|server`: its words, how they print back, and its mistakes.
@Suite struct StartTlsCommandTests {
    @Test func bothRolesParseAndPrintBack() throws {
        let client = try CommandParser.parse("s2: starttls client ca=/tmp/ca.pem sni=mail.example alpn=smtp")
        #expect(client.command == .starttls(.client(TlsClientOptions(caFile: "/tmp/ca.pem", serverName: "mail.example", alpn: ["smtp"]))))
        #expect(client.description == "s2: starttls client ca=/tmp/ca.pem sni=mail.example alpn=smtp")
        let server = try CommandParser.parse("starttls SERVER cert=c.pem key=k.pem")
        #expect(server.command == .starttls(.server(TlsServerOptions(certFile: "c.pem", keyFile: "k.pem"))))
        #expect(try CommandParser.parse(server.description).command == server.command)
        #expect(try CommandParser.parse("starttls client insecure").command == .starttls(.client(TlsClientOptions(insecure: true))))
        let identity = try CommandParser.parse("starttls client ca=a.pem cert=c.pem key=k.pem")
        #expect(identity.command == .starttls(.client(TlsClientOptions(caFile: "a.pem", certFile: "c.pem", keyFile: "k.pem"))))
        #expect(identity.description == "starttls client ca=a.pem cert=c.pem key=k.pem")
    }

    @Test func mistakesAreNamed() {
        let expected = TlsArguments.starttlsExpected
        let cases: [(String, String)] = [
            ("starttls", "starttls: missing client or server (expected \(expected))"),
            ("starttls both", "starttls: 'both' is neither client nor server (expected \(expected))"),
            ("starttls server key=k", "starttls: a TLS server needs cert=FILE (its certificate chain, PEM), or selfsigned (expected \(expected))"),
            ("starttls client cert=c", "starttls: cert= needs key=FILE (the certificate's private key, PEM) (expected \(expected))"),
            ("starttls server cert=c key=k sni=x", "starttls: 'sni=' is for starttls client (expected \(expected))"),
        ]
        for (line, message) in cases {
            do {
                _ = try CommandParser.parse(line)
                Issue.record("\(line) parsed")
            } catch {
                #expect(error.message == message, "\(line)")
            }
        }
        #expect(CommandParser.completions(for: "starttls ", streamIDs: []) == ["client", "server"])
        #expect(CommandParser.completions(for: "starttls client ", streamIDs: []) == ["ca=", "sni=", "alpn=", "cert=", "key=", "insecure"])
        #expect(CommandParser.completions(for: "starttls server cert=c ", streamIDs: []) == ["key=", "ca="])
        #expect(CommandParser.completions(for: "starttls server ", streamIDs: []) == ["cert=", "key=", "ca=", "selfsigned"])
        let selfSigned = try? CommandParser.parse("starttls server selfsigned")
        #expect(selfSigned?.command == .starttls(.server(.selfSigned())))
        #expect(selfSigned?.description == "starttls server selfsigned")
    }
}
