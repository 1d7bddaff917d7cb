import Foundation
import Testing
import TestSupport

/// `expect contains`, `expect matches` and `expect closed`, run headless by the real binary
/// against real servers: python's http.server, and a scripted peer that resets.
@Suite("expect contains, matches and closed against real servers")
struct ExpectServerTests {
    /// `python3 -m http.server` on an ephemeral loopback port, serving a directory of its own.
    private static func httpServer(in directory: String) async throws -> (PeerProcess, UInt16) {
        let server = try PeerProcess(["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1",
                                      "--directory", directory, "0"])
        let line = try await server.waitForLine(containing: "Serving HTTP on", timeout: .seconds(30))
        // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
        let words = line.split(separator: " ")
        guard let index = words.firstIndex(of: "port"), index + 1 < words.count, let port = UInt16(words[index + 1]) else {
            throw HarnessError("no port in \(line)")
        }
        return (server, port)
    }

    @Test func anHTTPResponseIsCheckedByContainsMatchesAndClosed() async throws {
        let scratch = try ScratchDirectory()
        try scratch.write("hello.txt", "hello from the server\n")
        let (server, port) = try await Self.httpServer(in: scratch.path)
        let script = try scratch.write("get.tcps", """
        connect 127.0.0.1:\(port)
        send "GET /hello.txt HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n"
        wait closed
        read 64k
        expect matches ^HTTP/1\\.[01] 200 OK\\r?$
        expect matches ^Content-Length: 22\\r$
        expect contains hello from the server\\n
        read
        expect closed
        """)
        let result = try await ToolRun.run(["run", script])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("expect matches ^HTTP/1\\.[01] 200 OK\\r?$  ok  matched \"HTTP/1.0 200 OK"), "\(result.stdout)")
        #expect(result.stdout.contains("expect closed  ok  end of stream"), "\(result.stdout)")

        // The same response, checked for what it does not hold: the run stops there, naming the line.
        let wrong = try scratch.write("wrong.tcps", """
        connect 127.0.0.1:\(port)
        send "GET /missing HTTP/1.0\\r\\n\\r\\n"
        wait closed
        read 64k
        expect matches ^HTTP/1\\.[01] 200
        """)
        let failed = try await ToolRun.run(["run", wrong])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("wrong.tcps:5: failed: expect: expected the last read to match '^HTTP/1\\.[01] 200' but it returned \"HTTP/1.0 404"),
                "\(failed.stdout)")
        let missing = try scratch.write("missing.tcps", """
        connect 127.0.0.1:\(port)
        send "GET /hello.txt HTTP/1.0\\r\\n\\r\\n"
        wait closed
        read 64k
        expect contains Not Found
        """)
        let notFound = try await ToolRun.run(["run", missing])
        #expect(notFound.status == 1)
        #expect(notFound.stdout.contains("missing.tcps:5: failed: expect: expected the last read to contain \"Not Found\""), "\(notFound.stdout)")
        await server.terminate()
    }

    @Test func aResetIsNamedAsAReset() async throws {
        // The peer resets once it hears from us, so the connect has surely finished first.
        let (peer, port) = try ScriptedPeer.listening("c.recv(1); abort(c); time.sleep(30)")
        let result = try await ToolRun.run(["run", "-"], stdin: """
        connect 127.0.0.1:\(port)
        send x
        wait closed
        try read
        expect error ECONNRESET
        expect closed
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("expect closed  ok  reset (ECONNRESET)"), "\(result.stdout)")
        await peer.terminate()
    }

    @Test func anOpenStreamIsNotClosed() async throws {
        let (peer, port) = try ScriptedPeer.listening("c.sendall(b'hi'); time.sleep(30)")
        let result = try await ToolRun.run(["run", "-"], stdin: """
        connect 127.0.0.1:\(port)
        wait bytes 2
        read
        expect closed
        """)
        #expect(result.status == 1)
        #expect(result.stdout.contains(":4: failed: expect: expected s1 to be closed, but it is not: 0 waiting, 2 read"), "\(result.stdout)")
        await peer.terminate()
    }

    @Test func aBadRegexIsAParseErrorNamingTheLineAndNothingRuns() async throws {
        let scratch = try ScratchDirectory()
        let script = try scratch.write("bad.tcps", "listen 0\nnote first\nexpect matches HTTP/1\\.[01 200\n")
        let result = try await ToolRun.run(["run", script])
        #expect(result.status == 2)
        #expect(result.stdout.contains("bad.tcps:3:16: expect: bad regular expression 'HTTP/1\\.[01 200'"), "\(result.stdout)")
        #expect(!result.stdout.contains("listen"), "nothing ran: \(result.stdout)")
    }
}

/// A regular expression that backtracks without end does not hang the run.
@Suite("expect matches: a runaway match")
struct ExpectRunawayMatchTests {
    @Test func aMatchPastTheTimeLimitFailsTheExpectAndTheRunGoesOn() async throws {
        let result = try await ToolRun.run(["run", "-"], stdin: """
        listen 0
        connect l1
        s2: send "\(String(repeating: "a", count: 60))!"
        wait bytes 61
        read
        try expect matches ^(a+)+b
        expect contains !
        """, timeout: .seconds(60))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("matching '^(a+)+b' took more than 5s"), "\(result.stdout)")
    }
}
