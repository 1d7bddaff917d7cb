import Foundation
import Testing
import TestSupport

/// `relay` in `tcpscope run`: the script drives both the client (a stream of its own, through
/// `connect l1`) and the relayed pair, and the transcript holds every forwarded, dropped and
/// injected byte with its direction and stream offsets.
@Suite("Relay in headless runs")
struct RelayRunTests {
    // Waits in these scripts are generous upper bounds (each ends as soon as its condition holds):
    // the fault suite runs beside many other tests, and a loaded machine can stall a line for seconds.
    @Test func aScriptRelaysToAnEchoServerAndTheTranscriptHoldsEveryByte() async throws {
        let (upstream, port) = try ScriptedPeer.listening("""
        while True:
            d = c.recv(65536)
            if not d: break
            c.sendall(d)
        c.shutdown(socket.SHUT_WR)
        """)
        defer { withExtendedLifetime(upstream) {} }
        let dir = try ScratchDirectory()
        let transcript = dir.file("relay.jsonl")
        // s1: the script's own client; s2: the relay's client side; s3: its upstream side.
        let script = """
        relay 0 127.0.0.1:\(port)
        connect l1
        s2: wait joined timeout=30s
        s1: send hello\\n
        s1: wait bytes 6 timeout=30s
        s1: read
        expect text "hello\\n"
        s2: expect received "hello\\n"
        s3: expect received "hello\\n"
        s2: hold on
        s1: send abcdef
        s2: wait bytes 6 timeout=30s
        s2: step 2
        s1: wait bytes 2 timeout=30s
        s1: read
        expect text "ab"
        s2: drop 2
        s3: send "<x>"
        s2: hold off
        s1: wait bytes 5 timeout=30s
        s1: read
        expect text "<x>ef"
        s1: shutdown write
        s1: wait closed timeout=30s
        """
        let result = try await ToolRun.run(["run", "-", "--timeout", "60s", "--transcript", transcript], stdin: script)
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        let lines = try String(contentsOfFile: transcript, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        func relayLines(_ op: String) -> [RelayLine] {
            objects.filter { $0["op"] as? String == op && $0["count"] != nil }.map {
                RelayLine(from: $0["stream"] as? String, to: $0["to"] as? String, offset: $0["offset"] as? Int,
                          toOffset: $0["to_offset"] as? Int, hex: $0["bytes"] as? String ?? "")
            }
        }
        let forwards = relayLines("forward")
        let up = forwards.filter { $0.from == "s2" && $0.to == "s3" }
        let down = forwards.filter { $0.from == "s3" && $0.to == "s2" }
        // Client to upstream: hello\n, the step's "ab", then "ef" released after "cd" was
        // dropped and "<x>" injected: each at its offsets on both streams.
        let upHex: String = up.map(\.hex).joined()
        #expect(upHex == "68656c6c6f0a6162" + "6566", "\(up)")
        #expect(up.last == RelayLine(from: "s2", to: "s3", offset: 10, toOffset: 11, hex: "6566"), "\(up)")
        #expect(up.contains(RelayLine(from: "s2", to: "s3", offset: 6, toOffset: 6, hex: "6162")), "the step: \(up)")
        // The echo of all of it, the injected bytes included, in order and contiguous.
        let downHex: String = down.map(\.hex).joined()
        #expect(downHex == "68656c6c6f0a6162" + "3c783e6566", "\(down)")
        var next = 0
        for line in down {
            #expect(line.offset == next && line.toOffset == next, "contiguous: \(down)")
            next += line.hex.count / 2
        }
        let drops = relayLines("drop")
        #expect(drops == [RelayLine(from: "s2", to: nil, offset: 8, toOffset: nil, hex: "6364")], "\(drops)")
        let injects = relayLines("inject")
        #expect(injects == [RelayLine(from: nil, to: "s3", offset: nil, toOffset: 8, hex: "3c783e")], "\(injects)")
    }

    @Test func delayAndRateMakeASlowLinkAndTheFinWaitsItsTurn() async throws {
        // l1 is the server, l2 relays to it: s1 the client, s2 and s3 the pair, s4 the server's end.
        let script = """
        listen 0
        relay 0 l1
        connect l2
        s2: wait joined timeout=30s
        s2: delay 300ms
        s1: send hello
        s4: wait bytes 5 timeout=30s
        expect elapsed over 250ms
        s2: delay off
        s2: rate 2KiB/s
        s1: send "x" repeat=3000
        s4: follow on
        s4: wait bytes 3005 timeout=30s
        expect elapsed over 1s
        s2: rate off
        s2: delay 200ms
        s1: send tail
        s1: shutdown write
        s4: wait closed timeout=30s
        expect elapsed over 150ms
        """
        let result = try await ToolRun.run(["run", "-", "--timeout", "60s"], stdin: script)
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.contains("s4   follow  ok  end of stream after 3009 bytes"), "every byte, then the FIN: \(result.stdout)")
        let fin = result.stdout.split(separator: "\n").first { $0.contains("s3   shutdown write  ok  write (FIN relayed from s2)") }
        #expect(fin != nil, "the FIN was relayed after the delayed bytes")
    }

    @Test func aThousandClientsInARowLeaveNoDescriptorsBehind() async throws {
        let upstream = try PeerProcess.echoServer(backlog: 512)
        let upstreamPort = try await upstream.waitForPort()
        let tool = try ToolRun.start(["run", "-", "--keep-closed", "10"], stdin: "relay 0 127.0.0.1:\(upstreamPort)\nnote ready\nsleep 120s\n")
        let ready = try await tool.waitForLine(containing: "relay 127.0.0.1:0")
        let port = try #require(ready.split(separator: " ").last.flatMap { UInt16($0.split(separator: ":").last ?? "") })
        _ = try await tool.waitForLine(containing: "note  ok  ready")
        let probe = ProcessProbe(pid: tool.pid)
        let before = try #require(probe.socketCount)
        let clients = try PeerProcess.python("""
        import socket, sys
        for i in range(1000):
            c = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
            c.sendall(b'client %d' % i)
            got = c.recv(100)
            assert got == b'client %d' % i, got
            c.close()
        print('DONE', flush=True)
        """, arguments: [String(port)])
        _ = try await clients.waitForLine(containing: "DONE", timeout: .seconds(120))
        // Every pair ends (the client's FIN, then the echo server's) and closes.
        let settled = await within(.seconds(30)) { probe.socketCount == before }
        #expect(settled, "sockets before: \(before), after: \(probe.socketCount ?? -1)")
        let resident = probe.residentBytes ?? 0
        #expect(resident < 200 << 20, "resident \(resident) bytes after 1,000 relayed clients")
        await tool.terminate()
        await upstream.terminate()
    }
}

/// One `forward`, `drop` or `inject` line of a transcript.
struct RelayLine: Equatable {
    var from: String?
    var to: String?
    var offset: Int?
    var toOffset: Int?
    var hex: String
}
