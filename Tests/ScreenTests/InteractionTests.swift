import Testing
import Inspector
@testable import Screen

@Suite("Keys")
struct InteractionTests {
    /// `listen` then `connect l1`, s1 selected.
    static func snapshot() -> Snapshot {
        SnapshotFixture.pair()
    }

    static func type(_ text: String, into i: inout Interaction, _ snapshot: Snapshot) -> [Effect] {
        text.flatMap { i.handle(.character($0), snapshot: snapshot) }
    }

    @Test func shortcutsAreCommandLines() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        #expect(i.handle(.character("r"), snapshot: snap) == [.submit("read")])
        #expect(i.handle(.character("p"), snapshot: snap) == [.submit("peek")])
        #expect(i.handle(.character("f"), snapshot: snap) == [.submit("follow on")])
        #expect(i.handle(.character("C"), snapshot: snap) == [.submit("clone")])
        #expect(i.handle(.character("x"), snapshot: snap) == [])
        #expect(i.handle(.character("y"), snapshot: snap) == [.submit("s1: close")])
    }

    @Test func thePromptRunsWhatItParsesAndRefusesWhatItDoesNot() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        #expect(i.handle(.character(":"), snapshot: snap) == [])
        #expect(i.view.mode == .command)
        _ = Self.type("set ttl 300", into: &i, snap)
        #expect(i.handle(.enter, snapshot: snap) == [], "nothing runs")
        #expect(i.view.statusIsError)
        #expect(i.view.status.contains("300"))
        _ = i.handle(.character(":"), snapshot: snap)
        _ = i.handle(.up, snapshot: snap)
        #expect(i.view.editor.text == "set ttl 300", "history brings it back")
        _ = i.handle(.backspace, snapshot: snap)
        _ = i.handle(.backspace, snapshot: snap)
        _ = Self.type("7", into: &i, snap)
        #expect(i.handle(.enter, snapshot: snap) == [.submit("set ttl 37")])
    }

    @Test func tabCompletes() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        _ = i.handle(.character(":"), snapshot: snap)
        _ = Self.type("set nod", into: &i, snap)
        _ = i.handle(.tab, snapshot: snap)
        #expect(i.view.editor.text == "set nodelay ")
        _ = Self.type("o", into: &i, snap)
        _ = i.handle(.tab, snapshot: snap)
        #expect(i.view.editor.text.hasPrefix("set nodelay o"))
    }

    @Test func quitAsksWhileStreamsAreOpen() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        #expect(i.handle(.character("q"), snapshot: snap) == [])
        #expect(i.view.mode == .confirm(.quit(streams: 2, listeners: 1)))
        #expect(i.handle(.character("n"), snapshot: snap) == [])
        #expect(i.handle(.function(10), snapshot: snap) == [])
        #expect(i.handle(.character("y"), snapshot: snap) == [.quit])
        var empty = Interaction(help: HelpLibrary())
        #expect(empty.handle(.character("q"), snapshot: SnapshotFixture.empty()) == [.quit])
    }

    @Test func editingAnOptionChecksTheValueFirst() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        _ = i.handle(.character("2"), snapshot: snap)
        #expect(i.view.focus == .options)
        _ = i.handle(.down, snapshot: snap)
        _ = i.handle(.down, snapshot: snap)
        _ = i.handle(.enter, snapshot: snap)
        #expect(i.view.mode == .editOption(.ttl))
        #expect(i.view.editor.text == "64", "starts from the kernel's value")
        _ = i.handle(.ctrl("u"), snapshot: snap)
        _ = Self.type("999", into: &i, snap)
        #expect(i.handle(.enter, snapshot: snap) == [])
        #expect(i.view.statusIsError)
        _ = i.handle(.ctrl("u"), snapshot: snap)
        _ = Self.type("9", into: &i, snap)
        #expect(i.handle(.enter, snapshot: snap) == [.submit("set ttl 9")])
        _ = i.handle(.up, snapshot: snap)
        _ = i.handle(.up, snapshot: snap)
        #expect(i.handle(.character(" "), snapshot: snap) == [.submit("set nodelay on")])
    }

    @Test func movingInTheStreamsPaneSelects() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        #expect(i.handle(.down, snapshot: snap) == [.submit("select s2")])
        #expect(i.handle(.home, snapshot: snap) == [.submit("select l1")])
    }

    @Test func escapeThenKeyArrivingAsAltIsBothKeys() {
        let snap = Self.snapshot()
        var i = Interaction(help: HelpLibrary())
        _ = i.handle(.character("?"), snapshot: snap)
        #expect(i.view.mode == .help)
        _ = i.handle(.alt("q"), snapshot: snap)
        #expect(i.view.mode == .confirm(.quit(streams: 2, listeners: 1)))
    }

    @Test func hugePastesAreCutAtTheLimit() {
        var editor = LineEditor()
        let complete = editor.insert(String(repeating: "x", count: LineEditor.limit + 10))
        #expect(!complete)
        #expect(editor.scalars.count == LineEditor.limit)
        #expect(editor.window(width: 10).text == "xxxxxxxxx")
    }
}
