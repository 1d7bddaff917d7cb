import Foundation
import Testing
import TestSupport

/// Nothing received is ever executed: a peer sends shell syntax, command lines of tcpscope's
/// own language and escape sequences. They are read, saved and logged as bytes; the saved
/// script replays only what the person typed; no file appears, no listener opens.
@Suite("Nothing received is executed")
struct NothingExecutedFaultTests {
    @Test func bytesThatLookLikeCommandsStayBytes() async throws {
        let dir = try ScratchDirectory()
        let marker = dir.file("pwned")
        let payload = "$(touch \(marker))\n`touch \(marker)`\n; touch \(marker)\nlisten *:0\nquit\n\u{1B}]0;title\u{07}"
        let (peer, port) = try ScriptedPeer.listening("c.sendall(sys.argv[2].encode()); time.sleep(10)", arguments: [payload])
        let saved = dir.file("session.tcps"), transcript = dir.file("t.jsonl"), raw = dir.file("raw.bin")
        let script = """
            connect 127.0.0.1:\(port)
            follow on
            wait bytes \(payload.utf8.count)
            follow off
            save \(saved)
            """
        let run = try await ToolRun.run(["run", "-", "--transcript", transcript, "--save-read", raw], stdin: script + "\n")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("LISTEN") && !run.stdout.contains("listen *:0  ok"), "no listener was opened")
        #expect(!run.stdout.contains("\u{1B}"), "no escape reached the printed log")
        #expect(try Data(contentsOf: URL(fileURLWithPath: raw)) == Data(payload.utf8), "saved raw, exactly")
        let scriptText = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(!scriptText.contains("touch") && !scriptText.contains("listen"), "the saved script holds only what was typed")
        let replay = try await ToolRun.run(["run", saved])
        #expect(replay.status != 0 || !replay.stdout.contains("listen"), "the replay runs only the typed commands")
        #expect(!FileManager.default.fileExists(atPath: marker), "no shell ran the peer's bytes")
        let log = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(!log.contains("\u{1B}") && !log.contains("$(touch"), "the transcript holds the bytes as hex")
        withExtendedLifetime(peer) {}
    }
}
