import Foundation
import Testing
import TestSupport
@testable import Inspector

@Suite("Transcripts and saved scripts")
struct TranscriptTests {
    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "tcpscope-\(UUID().uuidString)-\(name)"
    }

    @Test func transcriptIsJSONLinesOfEveryOperation() throws {
        let path = temporaryPath("t.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = Session()
        defer { session.shutdown() }
        ok(session, "transcript \(path)")
        ok(session, "listen 0")
        ok(session, "connect l1")
        ok(session, #"send "hi\r\n""#)
        ok(session, "s2: wait bytes 4")
        ok(session, "s2: read 4")
        ok(session, "set ttl 9")
        _ = session.perform("s2: set nonblocking on")
        _ = session.perform("s2: read")
        ok(session, "transcript off")

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let objects = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        let ops = objects.compactMap { $0["op"] as? String }
        #expect(ops.contains("listen") && ops.contains("connect") && ops.contains("send") && ops.contains("read"))
        let send = try #require(objects.first { $0["op"] as? String == "send" })
        #expect(send["bytes"] as? String == "68690d0a")
        #expect(send["stream"] as? String == "s1")
        #expect(send["ok"] as? Bool == true)
        #expect(send["t"] is Double)
        let ttl = try #require(objects.first { $0["op"] as? String == "set ttl" })
        #expect(ttl["value"] as? String == "9")
        let failed = try #require(objects.last { $0["op"] as? String == "read" })
        #expect(failed["ok"] as? Bool == false)
        #expect((failed["error"] as? String)?.hasPrefix("EAGAIN (Resource temporarily unavailable)") == true)
        #expect(failed["errno"] as? String == "EAGAIN")
    }

    @Test func filesAreNeverOverwrittenUnlessAsked() throws {
        let path = temporaryPath("exists")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = Session()
        defer { session.shutdown() }
        let message = fails(session, "transcript \(path)")
        #expect(message.contains("EEXIST"))
        #expect(fails(session, "save \(path)").contains("EEXIST"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep")
    }

    @Test func savedScriptReplays() throws {
        let path = temporaryPath("saved.tcps")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = Session()
        ok(session, "listen 0")
        ok(session, "connect l1")
        ok(session, "send hello")
        ok(session, "s2: wait bytes 5")
        ok(session, "s2: read 5")
        _ = session.perform("s2: expect text \"nope\"")
        ok(session, "save \(path)")
        session.shutdown()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\nlisten 0\nconnect l1\nsend hello\n"))
        #expect(text.contains("try s2: expect text \"nope\""), "failures are saved with try")

        let replay = Session()
        defer { replay.shutdown() }
        let code = ScriptRunner(session: replay) { _ in }.run(script: text, name: "saved")
        #expect(code == .success)
        #expect(replay.snapshot().streams[StreamID(2)]?.receivedTotals.total == 5)
    }

    @Test func saveReadKeepsEveryByteRaw() throws {
        let path = temporaryPath("raw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = Session()
        defer { session.shutdown() }
        #expect(session.saveReads(to: path).ok)
        ok(session, "listen 0")
        ok(session, "connect l1")
        ok(session, "follow on")
        ok(session, #"s2: send hex:00ff1b5b324a"#)
        ok(session, "s2: send tail")
        ok(session, "s2: shutdown write")
        ok(session, "wait closed")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([0x00, 0xFF, 0x1B, 0x5B, 0x32, 0x4A] + Array("tail".utf8)))
    }
}
