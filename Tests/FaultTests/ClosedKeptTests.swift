import Testing
import TestSupport
@testable import Inspector

/// A stream closed here stays listed, marked closed, with what it captured, its last TCP_INFO
/// and how the connection ended, until `forget`; at most `closedStreamsKept` of them.
@Suite("Closed streams stay listed")
struct ClosedKeptFaultTests {
    /// A peer that sends `greeting`, waits for one segment from us, then closes: with a FIN, or
    /// (`reset`) with an RST. It prints `GOT <hex>` for what it read and `CLOSED` after.
    static func peer(sending greeting: String, reset: Bool) throws -> (PeerProcess, UInt16) {
        try ScriptedPeer.listening("""
        c.sendall(\(pythonBytes(greeting)))
        print('GOT', c.recv(100).hex(), flush=True)
        \(reset ? "abort(c)" : "c.close()")
        print('CLOSED', flush=True)
        time.sleep(30)
        """)
    }

    static func pythonBytes(_ text: String) -> String {
        "bytes.fromhex('" + text.utf8.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() + "')"
    }

    /// Every command that needs the socket says the stream is closed, naming it and how it ended.
    static func expectRefusals(_ session: Session, _ id: String, _ how: String) async {
        for command in ["read", "peek", "send x", "set nodelay on", "get", "info", "error", "clone", "shutdown write",
                        "follow on", "close", "wait readable timeout=1s"] {
            let message = await fails(session, "\(id): \(command)")
            #expect(message.contains("\(id) is closed (\(how))") && message.contains("forget \(id)"), "\(command): \(message)")
        }
    }

    @Test func afterThePeersFinAndOurCloseTheStreamKeepsItsBytesAndSaysHowItEnded() async throws {
        let (peer, port) = try Self.peer(sending: "hello world", reset: false)
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "wait bytes 11")
            await ok(session, "read 5")
            await ok(session, "send ping")
            #expect(try await peer.line(after: "GOT ") == "70696e67")
            await ok(session, "wait closed")
            #expect(await eventually(session) { $0.stream(1)?.peeked == Array(" world".utf8) })
            let closed = await ok(session, "close")
            #expect(closed.message == "closed s1 after FIN from peer")
            let snap = session.snapshot()
            let s = try #require(snap.stream(1), "s1 is still listed")
            #expect(snap.streamOrder == [StreamID(1)] && snap.closedOrder == [StreamID(1)] && snap.openStreamCount == 0)
            #expect(s.closed?.how == "closed here after FIN from peer")
            #expect(s.stateName == "CLOSED")
            #expect(s.received.bytes(in: 0..<5).bytes == Array("hello".utf8), "what was read stays")
            #expect(s.peeked == Array(" world".utf8), "what was peeked stays")
            #expect(s.sent.bytes(in: 0..<4).bytes == Array("ping".utf8), "what was sent stays")
            #expect(s.info?.state == .closeWait, "the last TCP_INFO, read just before the close")
            #expect(snap.selected == .stream(StreamID(1)), "still selected: its captures are on screen")
            #expect(session.log.view.last(1).first?.op == "close", "the Log records the close as before")
            await Self.expectRefusals(session, "s1", "closed here after FIN from peer")
            await ok(session, "select s1")
            #expect(session.snapshot().stream(1)?.info?.state == .closeWait, "nothing refreshes a closed stream")
        }
    }

    @Test func afterAResetTheStreamSaysECONNRESETWhetherOrNotAReadTookTheError() async throws {
        for readFirst in [false, true] {
            let (peer, port) = try Self.peer(sending: "doomed bytes", reset: true)
            try await withSession { session in
                await ok(session, "connect 127.0.0.1:\(port)")
                await ok(session, "wait bytes 12")
                await ok(session, "read 6")
                await ok(session, "send ping")
                _ = try await peer.line(after: "CLOSED")
                #expect(await eventually(session) { $0.stream(1)?.errorPending == true }, "the reset is seen")
                if readFirst {
                    // Linux hands out the queued bytes first, then the error.
                    await ok(session, "read")
                    #expect(await fails(session, "read").contains("ECONNRESET"))
                }
                let closed = await ok(session, "close")
                #expect(closed.message == "closed s1 (the connection had ended: ECONNRESET)", "\(closed.message)")
                let s = try #require(session.snapshot().stream(1))
                #expect(s.closed?.how == "ECONNRESET", "read first: \(readFirst)")
                #expect(s.received.bytes(in: 0..<6).bytes == Array("doomed".utf8))
                #expect(s.sentTotals.total == 4)
                #expect(s.info?.state == .closed)
                await Self.expectRefusals(session, "s1", "ECONNRESET")
            }
        }
    }

    @Test func forgetTakesClosedStreamsOffTheListAndRefusesOpenOnes() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            for _ in 0..<3 { await ok(session, "connect l1") }
            await ok(session, "s1: send kept")
            #expect(await eventually(session) { $0.stream(2)?.peeked == Array("kept".utf8) })
            await ok(session, "s1: close")
            await ok(session, "s3: close")
            await ok(session, "s2: close")
            var snap = session.snapshot()
            #expect(snap.closedOrder.map(\.number) == [1, 3, 2])
            #expect(snap.openStreamCount == 3)

            let open = await fails(session, "forget s4")
            #expect(open.contains("forget: s4 is open; close it first"), "\(open)")
            #expect(await fails(session, "forget s9").contains("s9 is not listed (closed: s1, s3, s2)"))
            #expect(await fails(session, "forget l1").contains("is a listener"))
            #expect(await fails(session, "forget").contains("ID or closed"))
            #expect(await fails(session, "s4: forget s1").contains("forget"), "forget takes no target prefix")

            await ok(session, "select s3")
            let one = await ok(session, "forget s3")
            #expect(one.message == "forgot s3")
            snap = session.snapshot()
            #expect(snap.stream(3) == nil && snap.closedOrder.map(\.number) == [1, 2])
            #expect(snap.selected == .stream(StreamID(4)), "the selection moved to the neighbour")
            #expect(snap.stream(2)?.peeked == Array("kept".utf8), "the others keep their captures")

            let all = await ok(session, "forget closed")
            #expect(all.message == "forgot 2 closed streams: s1, s2")
            snap = session.snapshot()
            #expect(snap.closedOrder.isEmpty && snap.streamOrder.map(\.number) == [4, 5, 6])
            #expect(await ok(session, "forget closed").message == "no closed streams to forget")
            #expect(await fails(session, "s1: read").contains("s1 is not open (open: l1, s4, s5, s6)"),
                    "a forgotten stream is gone as one never opened")
            let ops = session.log.view.last(100).filter { $0.op == "forget" }.map { "\($0.args) \($0.value ?? "")" }
            #expect(ops == ["s3 ", "closed s1, s2", "closed none"], "each forget is logged: \(ops)")
        }
    }

    /// Closing a followed stream ends following: nothing re-arms the closed descriptor (which
    /// the Log would show as a failed epoll_ctl), and the kept stream says follow is off.
    @Test func closingAFollowedStreamKeepsWhatItReadAndEndsFollowing() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "follow on")
            await ok(session, "s2: send followed")
            #expect(await eventually(session) { $0.stream(1)?.receivedTotals.total == 8 })
            await ok(session, "close")
            await ok(session, "s2: send after")
            await ok(session, "s2: close")
            let s = session.snapshot().stream(1)
            #expect(s?.follow == false && s?.closed?.how == "closed here")
            #expect(s?.received.bytes(in: 0..<8).bytes == Array("followed".utf8))
            try? await Task.sleep(for: .milliseconds(200))
            let failures = session.log.view.last(100).filter { !$0.ok }.map { EventText.line($0) }
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    @Test func atMostTheConfiguredNumberOfClosedStreamsStay() async throws {
        var configuration = SessionConfiguration()
        configuration.closedStreamsKept = 3
        await withSession(configuration) { session in
            await ok(session, "listen 0")
            for _ in 0..<4 { await ok(session, "connect l1") }
            for n in 1...8 { await ok(session, "s\(n): close") }
            let snap = session.snapshot()
            #expect(snap.closedOrder.map(\.number) == [6, 7, 8], "the oldest closes were forgotten")
            #expect(snap.streamOrder.map(\.number) == [6, 7, 8])
            #expect(snap.streams.count == 3, "nothing else is held")
        }
        #expect(SessionConfiguration().closedStreamsKept == 100)
        configuration.closedStreamsKept = 0
        await withSession(configuration) { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "close")
            let snap = session.snapshot()
            #expect(snap.streamOrder == [StreamID(2)] && snap.closedOrder.isEmpty, "0 keeps none, as a close did before")
            #expect(snap.selected == .stream(StreamID(2)))
            #expect(await fails(session, "s1: read").contains("s1 is not open (open: l1, s2)"))
        }
    }

    @Test func aHeadlessRunForgetsAndSaysAClosedStreamIsClosed() async throws {
        let (peer, port) = try Self.peer(sending: "bye", reset: false)
        let dir = try ScratchDirectory()
        let transcript = dir.file("t.jsonl")
        let script = """
            connect 127.0.0.1:\(port)
            send ping
            wait closed
            read
            close
            try read
            select s1
            forget s1
            try forget s1
            listen 0
            connect l1
            s2: close
            s3: close
            forget closed

            """
        let result = try await ToolRun.run(["run", "-", "--transcript", transcript, "--keep-closed", "1"], stdin: script)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        _ = try await peer.line(after: "GOT ")
        #expect(result.stdout.contains("stdin:6: failed as allowed by try: read: s1 is closed (closed here after FIN from peer)"),
                "\(result.stdout)")
        #expect(result.stdout.contains("stdin:9: failed as allowed by try: forget: s1 is not listed"), "\(result.stdout)")
        // --keep-closed 1: s2 was forgotten when s3 closed, so `forget closed` had only s3.
        #expect(result.stdout.contains("forget closed  ok  s3"), "\(result.stdout)")
        let events = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(events.split(separator: "\n").filter { $0.contains(#""op":"close""#) }.count == 3, "every close is recorded")
        #expect(events.contains(#""op":"forget""#))
    }

    /// The kernel times the connection out (keepalive into a cut link, in namespaces of the
    /// test's own); a read takes the error, then the close: the stream says ETIMEDOUT.
    @Test(.enabled(if: NamespacePair.isAvailable, Comment(rawValue: NamespacePair.unavailableReason)))
    func afterATimeoutTheClosedStreamSaysETIMEDOUT() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let (tool, checkpoints, peer) = try VanishedPeerFaultTests.start(pair, then: """
            \(VanishedPeerFaultTests.keepaliveTimesOut)
            s2: close
            try s2: info
            select s2
            forget s2

            """)
        try await checkpoints.reached(1)
        try pair.cutLink()
        try checkpoints.release()
        let status = await tool.exited(within: .seconds(40))
        #expect(status == 0, "\(tool.stdout.suffix(3000))\(tool.stderr)")
        #expect(tool.stdout.contains("failed as allowed by try: info: s2 is closed (ETIMEDOUT)"), "\(tool.stdout.suffix(2000))")
        #expect(tool.stdout.contains("s2   forget s2  ok"), "\(tool.stdout.suffix(2000))")
        withExtendedLifetime(peer) {}
    }

    @Test func commandsAndHelpListForget() async throws {
        let commands = try await ToolRun.run(["commands"])
        #expect(commands.stdout.contains("forget ID|closed"), "\(commands.stdout)")
        let help = try await ToolRun.run(["run", "-"], stdin: "help forget\n")
        #expect(help.stdout.contains("forget ID|closed\n  take a closed stream, or every closed one, off the list"), "\(help.stdout)")
        let usage = try await ToolRun.run(["listen", "--help"])
        #expect(usage.stdout.contains("--keep-closed"), "\(usage.stdout)")
    }

    @Test func keepClosedRefusesANumberOutOfRange() async throws {
        let result = try await ToolRun.run(["run", "-", "--keep-closed", "-1"], stdin: "")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--keep-closed"), "\(result.stderr)")
    }
}
