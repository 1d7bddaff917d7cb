import Foundation
import Testing
import TestSupport

/// Nothing lost: a stream of random bytes received in follow mode by `tcpscope run` and saved
/// with --save-read has the SHA-256 the peer computed while sending it; the transcript holds
/// every byte too, at contiguous offsets. (CI sends 64 MiB; scripts/soak sends 1 GiB.)
@Suite("Nothing lost in follow mode")
struct FollowIntegrityFaultTests {
    /// Bytes sent; SOAK_FOLLOW_BYTES raises it for the long run.
    static let size = ProcessInfo.processInfo.environment["SOAK_FOLLOW_BYTES"].flatMap(Int.init) ?? 64 << 20

    @Test func aRandomStreamSavedWithSaveReadHasTheSendersDigest() async throws {
        let dir = try ScratchDirectory()
        let (peer, port) = try ScriptedPeer.randomSender(count: Self.size)
        let saved = dir.file("saved.bin")
        let script = "connect 127.0.0.1:\(port)\nfollow on\nwait closed timeout=30m\n"
        let result = try await ToolRun.run(["run", "-", "--save-read", saved, "-q"], stdin: script, timeout: .seconds(1800))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let sent = try await peer.line(after: "SHA ")
        let size = (try FileManager.default.attributesOfItem(atPath: saved)[.size] as? Int) ?? -1
        #expect(size == Self.size, "every byte was saved")
        #expect(try await sha256(ofFile: saved) == sent, "the same SHA-256 as the peer sent")
    }

    @Test func theTranscriptHoldsEveryFollowedByteAtContiguousOffsets() async throws {
        let dir = try ScratchDirectory()
        let count = 4 << 20
        let (peer, port) = try ScriptedPeer.randomSender(count: count)
        let transcript = dir.file("t.jsonl")
        // Hex in JSON is slow work: a sanitized build on a loaded machine needs well over a
        // minute for the 4 MiB. The bounds only stop a hang; the run's own wait ends first.
        let script = "connect 127.0.0.1:\(port)\nfollow on\nwait closed timeout=5m\n"
        let result = try await ToolRun.run(["run", "-", "--transcript", transcript, "-q"], stdin: script, timeout: .seconds(360))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let sent = try await peer.line(after: "SHA ")
        // Rebuild the stream from the follow-read objects, checking each starts where the last ended.
        let rebuild = try PeerProcess(["python3", "-c", """
            import hashlib, json, sys
            h = hashlib.sha256(); offset = 0
            for line in open(sys.argv[1]):
                o = json.loads(line)
                if o.get('op') != 'follow-read': continue
                assert o['offset'] == offset, (o['offset'], offset)
                data = bytes.fromhex(o['bytes']); h.update(data); offset += len(data)
            print('REBUILT', offset, h.hexdigest())
            """, transcript])
        let rebuilt = try await rebuild.line(after: "REBUILT ", timeout: .seconds(300))
        #expect(rebuilt == "\(count) \(sent)", "stderr: \(rebuild.stderr)")
    }
}
