import Testing
import Inspector
@testable import Screen

/// A bracketed paste as `Interaction` gets it: text, whatever it holds, in every mode.
@Suite("Pastes")
struct PasteTests {
    @Test func aPasteIsOneLineOfDrawableText() {
        #expect(PastedText.line("one\r\ntwo\nthree\rfour\tfive") == "one two three four five")
        #expect(PastedText.line("a\u{07}b\u{1B}[31mc\u{7F}d\u{9B}e") == "ab[31mcde", "controls are dropped, never kept raw")
        #expect(PastedText.line("héllo ✓") == "héllo ✓")
        #expect(PastedText.line("\u{07}\u{1B}") == "")
    }

    @Test func inThePromptItIsTextNotKeys() {
        var i = Interaction(help: HelpLibrary())
        let snap = SnapshotFixture.pair()
        _ = i.handle(.character(":"), snapshot: snap)
        #expect(i.handle(.paste("note a\u{07}\nq\u{1B}y"), snapshot: snap) == [], "BEL, Enter and Esc do nothing")
        #expect(i.view.mode == .command)
        #expect(i.view.editor.text == "note a qy")
        #expect(i.handle(.enter, snapshot: snap) == [.submit("note a qy")], "Enter typed after it runs the line")
    }

    @Test func withNoPromptOpenItOpensThePromptAndRunsNothing() {
        var i = Interaction(help: HelpLibrary())
        let snap = SnapshotFixture.pair()
        #expect(i.handle(.paste("qy"), snapshot: snap) == [])
        #expect(i.view.mode == .command)
        #expect(i.view.editor.text == "qy")
        #expect(i.view.status.contains("Enter runs it"))
        #expect(i.handle(.paste("x"), snapshot: snap) == [], "a second piece of the same paste goes on the line")
        #expect(i.view.editor.text == "qyx")
        _ = i.handle(.escape, snapshot: snap)
        #expect(i.view.mode == .normal)
    }

    @Test func aTerminalTooSmallToShowThePromptIgnoresIt() {
        var i = Interaction(help: HelpLibrary())
        i.resize(width: 40, height: 10)
        #expect(i.handle(.paste("read"), snapshot: SnapshotFixture.pair()) == [])
        #expect(i.view.mode == .normal, "no prompt opened out of sight, for a later Enter to run")
    }

    @Test func aQuestionOrTheHelpIgnoresIt() {
        var i = Interaction(help: HelpLibrary())
        let snap = SnapshotFixture.pair()
        _ = i.handle(.character("q"), snapshot: snap)
        #expect(i.view.mode == .confirm(.quit(streams: 2, listeners: 1)))
        #expect(i.handle(.paste("y"), snapshot: snap) == [], "a pasted y is no answer")
        #expect(i.view.mode == .confirm(.quit(streams: 2, listeners: 1)), "the question stays")
        _ = i.handle(.character("n"), snapshot: snap)
        _ = i.handle(.character("?"), snapshot: snap)
        #expect(i.handle(.paste("q"), snapshot: snap) == [])
        #expect(i.view.mode == .help)
    }

    @Test func aPasteInFindOrAnOptionEditIsTextToo() {
        var i = Interaction(help: HelpLibrary())
        let snap = SnapshotFixture.pair()
        _ = i.handle(.character("/"), snapshot: snap)
        #expect(i.view.mode == .find)
        _ = i.handle(.paste("GET /\r\n"), snapshot: snap)
        #expect(i.view.mode == .find)
        #expect(i.view.editor.text == "GET / ")
    }
}
