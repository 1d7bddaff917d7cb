import Testing
import Inspector
import TcpModel
@testable import Screen

/// Renders snapshots of a listener and a connected pair (`SnapshotFixture`) and reads the
/// screen back as text.
@Suite("Rendering")
struct RenderTests {
    static func render(_ snapshot: Snapshot, width: Int = 80, height: Int = 24, view: ViewState = ViewState()) -> Canvas {
        ScreenRenderer.render(snapshot, view, width: width, height: height, help: HelpLibrary(), now: .now).canvas
    }

    /// listen, connect, and the server sends `bytes`; the client reads `readCount` of them.
    static func pair(sending bytes: [UInt8], read readCount: Int) -> Snapshot {
        SnapshotFixture.pair(sent: bytes, read: readCount)
    }

    static func pair(sending text: String, read readCount: Int) -> Snapshot {
        pair(sending: Array(text.utf8), read: readCount)
    }

    @Test func readBytesThenTheReadOffsetThenPeekedBytes() throws {
        let snapshot = Self.pair(sending: "hello world", read: 5)
        var view = ViewState()
        view.bothEnds = false
        let text = Self.render(snapshot, view: view).text
        let lines = text.split(separator: "\n").map(String.init)
        let read = try #require(lines.firstIndex { $0.contains("00000000  68 65 6c 6c 6f") && $0.contains("|hello|") })
        let marker = try #require(lines.firstIndex { $0.contains("▲ read 5") && $0.contains("read offset 5") && $0.contains("▼ peeked 6") })
        let peeked = try #require(lines.firstIndex { $0.contains("00000000                 20 77 6f  72 6c 64") && $0.contains("|      world|") })
        #expect(read < marker && marker < peeked, "\(text)")
        #expect(text.contains("Data s1 received: read 5 · peeked 6"))
    }

    @Test func streamsOptionsAndStatusAt80x24() throws {
        var snapshot = Self.pair(sending: "abc", read: 0)
        if var s1 = snapshot.streams[StreamID(1)] {
            s1.options[.ttl] = .value(.count(7))  // after `set ttl 7`
            snapshot.insert(s1)
        }
        let canvas = Self.render(snapshot)
        #expect(canvas.height == 24 && canvas.width == 80)
        let text = canvas.text
        #expect(text.contains("l1   LISTEN"))
        #expect(text.contains("s1   ESTABLISHED"))
        #expect(text.contains("ttl                7"))
        #expect(canvas.line(23).hasPrefix("?Help :Cmd cConnect"))
        #expect(!text.contains("Data s2 received"), "too short a Data pane for both ends")
        #expect(Self.render(snapshot, width: 80, height: 40).text.contains("Data s2 received"), "both ends when there is room")
    }

    /// The prompt takes the status line, so what is said about the line being typed (Tab's
    /// candidates, a full line) shows in the footer, and otherwise the prompt's own keys do.
    @Test func whileThePromptIsOpenTheFooterSpeaksForIt() {
        let snapshot = Self.pair(sending: "abc", read: 0)
        var i = Interaction(help: HelpLibrary())
        i.say("an older message")
        _ = i.handle(.character(":"), snapshot: snapshot)
        let opened = Self.render(snapshot, view: i.view)
        #expect(opened.line(22).hasPrefix(":"))
        #expect(opened.line(23).hasPrefix("EnterRun EscCancel TabComplete"), "\(opened.line(23))")
        _ = "se".map { i.handle(.character($0), snapshot: snapshot) }
        _ = i.handle(.tab, snapshot: snapshot)
        let completed = Self.render(snapshot, view: i.view)
        #expect(completed.line(22).hasPrefix(":se"))
        #expect(completed.line(23).contains("send") && completed.line(23).contains("set"), "\(completed.line(23))")
        i.view.editor.set(String(repeating: "x", count: LineEditor.limit))
        _ = i.handle(.character("y"), snapshot: snapshot)
        #expect(Self.render(snapshot, view: i.view).line(23).hasPrefix("the line is full (65536 characters)"))
        _ = i.handle(.escape, snapshot: snapshot)
        let closed = Self.render(snapshot, view: i.view)
        #expect(closed.line(23).hasPrefix("?Help :Cmd cConnect"))
        #expect(closed.line(22).allSatisfy { $0.isWhitespace }, "the abandoned line's message went with it")
    }

    @Test func aLostWriteIsSaidAtOnceAndStaysNamedInTheStatusLine() {
        var snapshot = SnapshotFixture.empty()
        var i = Interaction(help: HelpLibrary())
        i.noticeLostWrites(snapshot)
        #expect(Self.render(snapshot, view: i.view).line(22).allSatisfy { $0.isWhitespace })
        snapshot.lostWrites = [LostWrite(file: "save-read", path: "/full/r.bin", errnoName: "ENOSPC",
                                         message: "save-read: ENOSPC (No space left on device) in write /full/r.bin")]
        i.noticeLostWrites(snapshot)
        let said = Self.render(snapshot, view: i.view).line(22)
        #expect(said.hasPrefix("save-read: ENOSPC (No space left on device)"), "\(said)")
        #expect(said.hasSuffix("save-read incomplete: ENOSPC"), "\(said)")
        // Later messages take the left of the row; the file stays named at its right end.
        i.say("a later message")
        i.noticeLostWrites(snapshot)
        let later = Self.render(snapshot, view: i.view).line(22)
        #expect(later.hasPrefix("a later message") && later.hasSuffix("save-read incomplete: ENOSPC"), "\(later)")
        let long = String(repeating: "m", count: 200)
        i.say(long)
        #expect(Self.render(snapshot, view: i.view).line(22).hasSuffix("  save-read incomplete: ENOSPC"), "a long message is cut")
    }

    @Test func wideLayoutShowsEveryPane() {
        let text = Self.render(Self.pair(sending: "abc", read: 0), width: 200, height: 60).text
        for title in ["Streams (2 streams, 1 listener)", "Options s1", "Kernel s1 (TCP_INFO)", "Data s1 received", "Data s2 received", "Log"] {
            #expect(text.contains(title), "\(title) missing")
        }
        #expect(text.contains("state     ESTABLISHED"))
    }

    @Test func tooSmallSaysSo() {
        for (w, h) in [(79, 24), (80, 23), (20, 5), (1, 1), (0, 0)] {
            let canvas = Self.render(SnapshotFixture.empty(), width: w, height: h)
            if w >= 40 { #expect(canvas.text.contains("terminal too small: \(w)x\(h)")) }
        }
    }

    @Test func longAddressesAreCutNotWrapped() throws {
        let canvas = Self.render(SnapshotFixture.pair(listening: .v6(.loopback, port: 40_000)))
        let row = try #require((0..<canvas.height).map(canvas.line).first { $0.contains("│ s1 ") })
        #expect(row.contains("[::1]:"))
        #expect(row.unicodeScalars.count == 80)
    }

    @Test func hostileBytesNeverReachTheCanvasAsControls() {
        let hex = Array("1b5d303b70776e65641b5b324a1b5b33316d9b3130416d07ff00")
        let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(hex[$0...$0 + 1]), radix: 16) }
        let snapshot = Self.pair(sending: bytes, read: 0)
        for (w, h) in [(80, 24), (200, 60)] {
            let canvas = Self.render(snapshot, width: w, height: h)
            #expect(canvas.cells.allSatisfy { $0.scalar.value >= 0x20 && !(0x7F...0x9F).contains($0.scalar.value) })
            #expect(canvas.text.contains("1b 5d 30 3b 70 77 6e 65  64 1b 5b 32 4a 1b 5b 33  |.]0;pwned.[2J.[3|"))
            #expect(canvas.text.contains("31 6d 9b 31 30 41 6d 07  ff 00                    |1m.10Am...|"))
        }
    }
}
