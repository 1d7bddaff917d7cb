import Foundation
import Testing
import TestSupport
@testable import Inspector

/// `relay` between real peers: python clients and servers, curl and python's http.server. The
/// relay's listener is l1; the first client's stream is s1 and its upstream stream s2.
@Suite("Relay between real peers")
struct RelayTests {
    /// A python client of the relay on `port`: connects as `c`, runs `body`.
    static func client(_ port: UInt16, _ body: String) throws -> PeerProcess {
        try PeerProcess.python("""
        import hashlib, os, socket, struct, sys, threading, time
        def wait_for(word):
            while True:
                line = sys.stdin.readline()
                if not line: sys.exit(3)
                if line.strip() == word: return
        c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
        print('CONNECTED', flush=True)
        \(body)
        """, arguments: [String(port)])
    }

    /// Starts `relay 0 127.0.0.1:UPSTREAM` and returns the relay's port.
    static func relay(_ session: Session, to upstream: UInt16) async -> UInt16? {
        await ok(session, "relay 0 127.0.0.1:\(upstream)")
        return session.snapshot().listeners[ListenerID(1)]?.local?.port
    }

    static func joined(_ session: Session) async -> Bool {
        await eventually(session) { s in s.stream(1)?.join?.partner == StreamID(2) && s.stream(2)?.join?.partner == StreamID(1) }
    }

    @Test func anEchoUpstreamAnswersThroughTheRelayAndBothStreamsCaptureIt() async throws {
        let (upstream, upstreamPort) = try ScriptedPeer.listening("""
        while True:
            d = c.recv(65536)
            if not d: break
            c.sendall(d)
        c.shutdown(socket.SHUT_WR)
        """)
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: upstreamPort))
            let client = try Self.client(port, """
            c.sendall(b'hello relay\\n')
            got = b''
            while True:
                d = c.recv(65536)
                if not d: break
                got += d
                if got.endswith(b'\\n'): c.shutdown(socket.SHUT_WR)
            print('GOT', got, flush=True)
            """)
            #expect(await Self.joined(session))
            let line = try await client.line(after: "GOT ")
            #expect(line == "b'hello relay\\n'", "the echo came back through the relay: \(line)")
            let snap = session.snapshot()
            #expect(snap.stream(1)?.join?.role == .client)
            #expect(snap.stream(2)?.join?.role == .upstream)
            #expect(snap.stream(1)?.received.bytes(in: 0..<100).bytes == Array("hello relay\n".utf8), "read on the client's stream")
            #expect(snap.stream(2)?.sent.bytes(in: 0..<100).bytes == Array("hello relay\n".utf8), "sent on the upstream's")
            #expect(snap.stream(2)?.received.bytes(in: 0..<100).bytes == Array("hello relay\n".utf8), "the echo read upstream")
            #expect(snap.stream(1)?.sent.bytes(in: 0..<100).bytes == Array("hello relay\n".utf8), "and sent to the client")
            // Both ends sent FIN: a relayed pair closes, as a proxy's sockets do.
            #expect(await eventually(session) { $0.stream(1)?.closed != nil && $0.stream(2)?.closed != nil })
            _ = upstream
        }
    }

    @Test func curlFetchesFromPythonsHttpServerThroughTheRelay() async throws {
        let dir = try ScratchDirectory()
        try dir.write("hello.txt", "served through tcpscope\n")
        let server = try PeerProcess(["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", dir.path, "0"])
        let serving = try await server.waitForLine(containing: "Serving HTTP on")
        let serverPort = try #require(serving.split(separator: " ").firstIndex(of: "port").map { i in
            UInt16(serving.split(separator: " ")[i + 1]) ?? 0 })
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: serverPort))
            let result = await offPool {
                let curl = Process()
                curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                curl.arguments = ["curl", "-sS", "--max-time", "20", "http://127.0.0.1:\(port)/hello.txt"]
                let out = Pipe()
                curl.standardOutput = out
                do { try curl.run() } catch { return "curl did not start: \(error)" }
                let data = out.fileHandleForReading.readDataToEndOfFile()
                curl.waitUntilExit()
                return String(decoding: data, as: UTF8.self)
            }
            #expect(result == "served through tcpscope\n", "curl got the file: \(result)")
            let snap = session.snapshot()
            let request = snap.stream(1)?.received.bytes(in: 0..<4096).bytes ?? []
            #expect(String(decoding: request, as: UTF8.self).hasPrefix("GET /hello.txt HTTP/1.1\r\n"), "the request on the client's stream")
            let response = String(decoding: snap.stream(2)?.received.bytes(in: 0..<4096).bytes ?? [], as: UTF8.self)
            #expect(response.hasPrefix("HTTP/1.0 200 OK"), "the response on the upstream's stream: \(response.prefix(80))")
        }
        await server.terminate()
    }

    @Test func aClientsHalfCloseReachesTheUpstreamAndTheReplyStillComesBack() async throws {
        let (upstream, upstreamPort) = try ScriptedPeer.listening("""
        got = b''
        while True:
            d = c.recv(65536)
            if not d: break
            got += d
        print('UPSTREAM EOF', len(got), flush=True)
        c.sendall(b'reply after your FIN: %d\\n' % len(got))
        c.close()
        """)
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: upstreamPort))
            let client = try Self.client(port, """
            c.sendall(b'x' * 1000)
            c.shutdown(socket.SHUT_WR)
            got = b''
            while True:
                d = c.recv(65536)
                if not d: break
                got += d
            print('REPLY', got, flush=True)
            """)
            #expect(try await upstream.line(after: "UPSTREAM EOF ") == "1000", "the FIN came through after every byte")
            #expect(try await client.line(after: "REPLY ") == "b'reply after your FIN: 1000\\n'")
            #expect(await eventually(session) { $0.stream(2)?.shutWrite == true }, "shutdown write on the upstream's stream")
            let ops = session.allEvents.map { "\($0.entry?.description ?? "-") \($0.op) \($0.value ?? "")" }
            #expect(ops.contains { $0.hasPrefix("s1 relay FIN from the peer after 1000 bytes: shutdown write on s2") }, "\(ops)")
            #expect(ops.contains("s2 shutdown write (FIN relayed from s1)"), "\(ops)")
        }
    }

    @Test func anUpstreamResetResetsTheClient() async throws {
        let (upstream, upstreamPort) = try ScriptedPeer.listening("""
        c.recv(100)
        abort(c)
        print('ABORTED', flush=True)
        time.sleep(30)
        """)
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: upstreamPort))
            let client = try Self.client(port, """
            c.sendall(b'go')
            try:
                while c.recv(100): pass
                print('RESULT eof', flush=True)
            except ConnectionResetError:
                print('RESULT ECONNRESET', flush=True)
            """)
            _ = try await upstream.line(after: "ABORTED")
            #expect(try await client.line(after: "RESULT ") == "ECONNRESET", "the client's connection was reset, not closed")
            #expect(await eventually(session) { $0.stream(1)?.closed != nil && $0.stream(2)?.closed != nil })
            let events = session.allEvents
            let s2 = EntryID.stream(StreamID(2)), s1 = EntryID.stream(StreamID(1))
            #expect(events.contains { (e: Event) in e.entry == s2 && e.op == "relay" && e.errnoName == "ECONNRESET" })
            #expect(events.contains { (e: Event) in e.entry == s1 && e.op == "reset" && (e.value ?? "").contains("RST relayed from s2") })
        }
    }

    @Test func aFailedUpstreamConnectResetsTheClient() async throws {
        let closed = try closedLoopbackPort()
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: closed.port))
            let client = try Self.client(port, """
            try:
                while c.recv(100): pass
                print('RESULT eof', flush=True)
            except ConnectionResetError:
                print('RESULT ECONNRESET', flush=True)
            """)
            #expect(try await client.line(after: "RESULT ") == "ECONNRESET")
            let events = session.allEvents
            let s1 = EntryID.stream(StreamID(1))
            #expect(events.contains { (e: Event) in e.entry == s1 && e.op == "relay" && (e.error ?? "").contains("ECONNREFUSED") })
        }
    }

    @Test func holdKeepsBytesQueuedUntilReleasedAndStepDropAndInjectWork() async throws {
        let (upstream, upstreamPort) = try ScriptedPeer.listening("""
        c.settimeout(0.1)
        got = b''
        while True:
            try:
                d = c.recv(65536)
            except socket.timeout:
                continue
            if not d: break
            got += d
            print('UPSTREAM', got, flush=True)
        """)
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: upstreamPort))
            let client = try Self.client(port, """
            c.sendall(b'A')
            wait_for('more')
            c.sendall(b'bcdefgh')
            wait_for('end')
            c.close()
            """)
            #expect(await Self.joined(session))
            _ = try await upstream.waitForLine(containing: "UPSTREAM b'A'")
            await ok(session, "s1: hold on")
            #expect(session.snapshot().stream(1)?.join?.flag == "cl:s2 hold")
            try client.send("more\n")
            // Held: the bytes wait in the kernel (peeked), and nothing reaches the upstream.
            #expect(await eventually(session) { $0.stream(1)?.queues.toRead == 7 && $0.stream(1)?.peeked == Array("bcdefgh".utf8) })
            try await Task.sleep(for: .milliseconds(400))
            #expect(!upstream.stdout.contains("UPSTREAM b'Ab"), "nothing held was forwarded: \(upstream.stdout)")
            await ok(session, "s1: step 2")
            _ = try await upstream.waitForLine(containing: "UPSTREAM b'Abc'")
            let dropped = await ok(session, "s1: drop 2")
            #expect(dropped.event?.bytes == Array("de".utf8))
            await ok(session, "s2: send \"[injected]\"")
            _ = try await upstream.waitForLine(containing: "UPSTREAM b'Abc[injected]'")
            await ok(session, "s1: hold off")
            _ = try await upstream.waitForLine(containing: "UPSTREAM b'Abc[injected]fgh'")
            // Published when the pass that forwarded them ends.
            #expect(await eventually(session, timeout: .seconds(5)) { $0.stream(1)?.join?.forwarded == 6 },
                    "\(String(describing: session.snapshot().stream(1)?.join))")
            #expect(session.snapshot().stream(1)?.join?.dropped == 2)
            // Marked for the Data pane: "de" at s1's offsets 3..<5, "[injected]" at s2's 3..<13.
            #expect(session.snapshot().stream(1)?.droppedRanges.ranges == [3..<5])
            #expect(session.snapshot().stream(2)?.injectedRanges.ranges == [3..<13])
            #expect(session.snapshot().stream(2)?.join?.injected == 10)
            try client.send("end\n")
        }
    }

    @Test func sixtyFourMiBEachWayAtOnceArriveWhole() async throws {
        let size = 64 << 20
        // Each end sends `size` random bytes while it receives, then prints both digests.
        let both = """
        n = int(sys.argv[2]) if len(sys.argv) > 2 else \(size)
        sent_h = hashlib.sha256(); recv_h = hashlib.sha256(); got = [0]
        def reader():
            while True:
                d = c.recv(1 << 20)
                if not d: break
                recv_h.update(d); got[0] += len(d)
        t = threading.Thread(target=reader); t.start()
        left = n
        while left:
            chunk = os.urandom(min(1 << 20, left)); c.sendall(chunk); sent_h.update(chunk); left -= len(chunk)
        c.shutdown(socket.SHUT_WR)
        t.join()
        print('DIGESTS', sent_h.hexdigest(), recv_h.hexdigest(), got[0], flush=True)
        """
        let (upstream, upstreamPort) = try ScriptedPeer.listening(both)
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: upstreamPort))
            let client = try Self.client(port, both)
            let up = try await upstream.line(after: "DIGESTS ", timeout: .seconds(120)).split(separator: " ")
            let down = try await client.line(after: "DIGESTS ", timeout: .seconds(120)).split(separator: " ")
            #expect(up.count == 3 && down.count == 3)
            #expect(up.first == down.dropFirst().first, "client -> upstream: every byte, in order")
            #expect(down.first == up.dropFirst().first, "upstream -> client: every byte, in order")
            #expect(up.last == "\(size)" && down.last == "\(size)")
            #expect(await eventually(session) { $0.stream(1)?.closed != nil && $0.stream(2)?.closed != nil })
            #expect(session.snapshot().stream(1)?.join?.forwarded == UInt64(size))
        }
    }

    @Test func twoStreamsOpenedByHandAreJoinedAndUnjoined() async throws {
        try await withSession { session in
            // s1 -> s2 and s3 -> s4, all in this session: s2 joined with s4 bridges s1 and s3.
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "connect l1")
            #expect(await fails(session, "s2: join s2").contains("cannot be joined with itself"))
            #expect(await fails(session, "s2: join s9").contains("is not open"))
            await ok(session, "s2: join s4")
            #expect(session.snapshot().stream(2)?.join?.flag == "j:s4")
            #expect(await fails(session, "s4: join s1").contains("already joined with s2"))
            await ok(session, "s1: send across")
            await ok(session, "s3: wait bytes 6 timeout=30s")
            await ok(session, "s3: read")
            await ok(session, "expect text \"across\"")
            await ok(session, "s3: send back")
            await ok(session, "s1: wait bytes 4 timeout=30s")
            await ok(session, "s1: read")
            await ok(session, "expect text \"back\"")
            await ok(session, "s4: unjoin")
            #expect(session.snapshot().stream(2)?.join == nil && session.snapshot().stream(4)?.join == nil)
            // Unjoined, what s1 sends stays in s2's queue.
            await ok(session, "s1: send stays")
            await ok(session, "s2: wait bytes 5 timeout=30s")
            try await Task.sleep(for: .milliseconds(200))
            #expect(session.snapshot().stream(3)?.queues.toRead == 0, "nothing was forwarded after unjoin")
            #expect(await fails(session, "s2: hold on").contains("not joined"))
            #expect(await fails(session, "s2: unjoin").contains("not joined"))
        }
    }

    @Test func fiftyClientsAtOnceEachGetTheirOwnBytesBack() async throws {
        let upstream = try PeerProcess.echoServer(backlog: 256)
        let upstreamPort = try await upstream.waitForPort()
        try await withSession { session in
            let port = try #require(await Self.relay(session, to: upstreamPort))
            let clients = try PeerProcess.python("""
            import os, socket, sys, threading
            ok = []; bad = []
            def client(i):
                c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
                data = os.urandom(1 << 20)
                t = threading.Thread(target=lambda: c.sendall(data)); t.start()
                got = b''
                while len(got) < len(data):
                    d = c.recv(1 << 20)
                    if not d: break
                    got += d
                t.join(); c.close()
                (ok if got == data else bad).append(i)
            ts = [threading.Thread(target=client, args=(i,)) for i in range(50)]
            [t.start() for t in ts]; [t.join() for t in ts]
            print('RESULT', len(ok), len(bad), flush=True)
            """, arguments: [String(port)])
            #expect(try await clients.line(after: "RESULT ", timeout: .seconds(60)) == "50 0", "every client got exactly its own bytes")
            // 100 streams, each pair closed once both ends sent FIN.
            #expect(await eventually(session) { $0.openStreamCount == 0 && $0.streamOrder.count == 100 })
        }
        await upstream.terminate()
    }
}
