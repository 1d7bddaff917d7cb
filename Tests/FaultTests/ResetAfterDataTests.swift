import Foundation
import Testing
import TestSupport
@testable import Inspector

/// A peer that sends everything, waits until all of it is acknowledged (so every byte sits in
/// our receive queue) and then resets: Linux still hands out the queued bytes, then ECONNRESET.
/// In follow mode `wait closed` must end only after the last of them is read, and say how the
/// stream ended.
@Suite("A reset after the data: nothing lost")
struct ResetAfterDataFaultTests {
    /// Bytes the peer sends in each round of the headless test without a transcript, and with
    /// one (hex in JSON is slow work: a smaller stream keeps the test short).
    static let size = 20 << 20
    static let transcriptSize = 2 << 20

    /// The peer: sends `argv[2]` random bytes, waits until SIOCOUTQ is 0 (every byte
    /// acknowledged, so in the receiver's queue), prints `SHA <hex>`, then closes with RST.
    static func resettingSender(count: Int, waitForGo: Bool = false) throws -> (PeerProcess, UInt16) {
        try ScriptedPeer.listening("""
        import fcntl
        n = int(sys.argv[2]); h = hashlib.sha256(); sent = 0
        if sys.argv[3] == 'go':
            wait_for('GO')
        while sent < n:
            chunk = os.urandom(min(1 << 20, n - sent))
            c.sendall(chunk); h.update(chunk); sent += len(chunk)
        def unacked():
            return struct.unpack('i', fcntl.ioctl(c.fileno(), 0x5411, b'\\0' * 4))[0]  # SIOCOUTQ
        deadline = time.time() + 120
        while unacked() and time.time() < deadline:
            time.sleep(0.001)
        print('UNACKED', unacked(), flush=True)
        print('SHA', h.hexdigest(), flush=True)
        abort(c); time.sleep(5)
        """, arguments: [String(count), waitForGo ? "go" : "now"])
    }

    /// The reported case: `tcpscope run` following with --save-read (and --transcript in the
    /// first round). The transcript slows the reader, so megabytes are still queued when the
    /// reset comes; without it a fast reader only sometimes has bytes queued then, hence a few
    /// rounds.
    @Test func aRunFollowingToAResetSavesEveryByteAndSaysHowItEnded() async throws {
        for round in 1...3 {
            let withTranscript = round == 1
            let count = withTranscript ? Self.transcriptSize : Self.size
            let dir = try ScratchDirectory()
            let (peer, port) = try Self.resettingSender(count: count)
            let saved = dir.file("r.bin")
            let transcript = dir.file("t.jsonl")
            let script = "connect 127.0.0.1:\(port)\nfollow on\nwait closed timeout=60s\n"
            let result = try await ToolRun.run(["run", "-", "--save-read", saved] + (withTranscript ? ["--transcript", transcript] : []),
                                               stdin: script, timeout: .seconds(120))
            let sent = try await peer.line(after: "SHA ")
            #expect(try await peer.line(after: "UNACKED ") == "0", "round \(round): the peer's bytes were all acknowledged")
            #expect(result.status == 0, "round \(round): \(result.stdout.suffix(1500))\(result.stderr.suffix(1500))")
            let size = (try FileManager.default.attributesOfItem(atPath: saved)[.size] as? Int) ?? -1
            #expect(size == count, "round \(round): every byte was saved: \(result.stdout.suffix(1500))")
            #expect(try await sha256(ofFile: saved) == sent, "round \(round): the same SHA-256 as the peer sent")
            let end = "ECONNRESET after \(count) bytes"
            let waitLine = result.stdout.split(separator: "\n").first { $0.contains("wait closed") } ?? ""
            #expect(waitLine.contains(end), "round \(round): the wait says how the stream ended: \(result.stdout.suffix(1500))")
            if withTranscript {
                let tail = try Self.tail(of: transcript, bytes: 16 << 10)
                let waitEvent = tail.split(separator: "\n").first { $0.contains("\"op\":\"wait\"") } ?? ""
                #expect(waitEvent.contains(end), "round \(round): the transcript's wait event says it too: \(tail.suffix(1500))")
            }
        }
    }

    /// The bytes are all queued before follow starts: the reset is already known (hang-up,
    /// error pending) when `wait closed` begins, and it must still wait for the reads.
    @Test func waitClosedInFollowModeReadsWhatIsQueuedBehindAKnownReset() async throws {
        let count = 2 << 20
        let (peer, port) = try Self.resettingSender(count: count, waitForGo: true)
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            // A receive queue that holds it all, so the peer's sends complete without reads. The
            // peer starts only then: a window already closed would open again only as the
            // sender's zero-window probes back off, seconds apart.
            await ok(session, "set rcvbuf 4m")
            try peer.send("GO\n")
            let unacked = try await peer.line(after: "UNACKED ")
            #expect(unacked == "0")
            #expect(await eventually(session) { $0.stream(1)?.hangUp == true }, "the reset is seen")
            await ok(session, "follow on")
            let wait = await ok(session, "wait closed timeout=30s")
            #expect(wait.message.contains("ECONNRESET after \(count) bytes"), "\(wait.message)")
            #expect(session.snapshot().stream(1)?.receivedTotals.total == UInt64(count), "every queued byte was read")
            let follow = session.allEvents.last { $0.op == "follow" && !$0.ok }
            #expect(follow?.errnoName == "ECONNRESET", "\(String(describing: follow))")
            #expect(follow?.error?.contains("after \(count) bytes") == true, "\(String(describing: follow))")
        }
    }

    /// The end of stream (a FIN) is said the same way.
    @Test func waitClosedInFollowModeSaysEndOfStreamAfterN() async throws {
        let (peer, port) = try ScriptedPeer.listening("c.sendall(b'x' * 100000); c.close(); time.sleep(5)")
        await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            await ok(session, "follow on")
            let wait = await ok(session, "wait closed timeout=30s")
            #expect(wait.message.contains("end of stream after 100000 bytes"), "\(wait.message)")
        }
        withExtendedLifetime(peer) {}
    }

    static func tail(of path: String, bytes: Int) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: end > UInt64(bytes) ? end - UInt64(bytes) : 0)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
