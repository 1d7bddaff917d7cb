import Testing
import Inspector
@testable import Screen

/// `help TOPIC` at the prompt opens the help screen at that command's or option's text, and an
/// unknown topic says so, with the nearest name, instead of opening anything.
@Suite("Help topics on the screen")
struct HelpTopicTests {
    /// The real teaching texts, so the pages are as long as a person sees them.
    static let library: HelpLibrary = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        let text = (try? TextFile.read(parts.joined(separator: "/") + "/Assets/help/options.txt")) ?? ""
        return HelpLibrary(options: HelpLibrary.parseOptions(text))
    }()

    static func opened(_ line: String) -> Interaction {
        let snapshot = SnapshotFixture.empty()
        var i = Interaction(help: library)
        i.resize(width: 100, height: 30)
        _ = i.handle(.character(":"), snapshot: snapshot)
        _ = InteractionTests.type(line, into: &i, snapshot)
        _ = i.handle(.enter, snapshot: snapshot)
        return i
    }

    /// The help screen's line `topic` is explained on, and whether it is on the page shown.
    static func shown(_ i: Interaction, _ topic: String) -> Bool {
        let lines = i.help.lines(width: i.helpWidth)
        guard let line = i.help.line(of: HelpTopic.resolve(topic), width: i.helpWidth) else { return false }
        return i.view.helpTop <= line && line < i.view.helpTop + (i.height - 4) && line < lines.count
    }

    @Test func anOptionOpensAtItsText() {
        #expect(Self.library.options.count == SocketOptionName.allCases.count)
        let i = Self.opened("help linger")
        #expect(i.view.mode == .help)
        let lines = i.help.lines(width: i.helpWidth)
        #expect(lines[i.view.helpTop].0.hasPrefix("linger  (SO_LINGER)"), "\(lines[i.view.helpTop].0)")
    }

    @Test func aCommandOpensAtItsRow() {
        let i = Self.opened("help read")
        #expect(i.view.mode == .help)
        #expect(i.help.lines(width: i.helpWidth)[i.view.helpTop].0.hasPrefix("read [N]"))
        #expect(Self.opened("help set read_timeout").view.helpTop == Self.opened("help read-timeout").view.helpTop)
    }

    @Test func theLastOptionIsOnThePageShown() {
        let i = Self.opened("help sndbuf")
        #expect(i.view.mode == .help)
        #expect(i.view.helpTop > 0)
        #expect(Self.shown(i, "sndbuf"))
    }

    @Test func noTopicOpensAtTheTop() {
        let i = Self.opened("help")
        #expect(i.view.mode == .help)
        #expect(i.view.helpTop == 0)
    }

    @Test func anUnknownTopicSaysSoWithASuggestion() {
        let near = Self.opened("help nodlay")
        #expect(near.view.mode == .normal, "nothing opens")
        #expect(near.view.statusIsError)
        #expect(near.view.status.contains("no command or option is called 'nodlay'; did you mean 'nodelay'?"), "\(near.view.status)")
        let far = Self.opened("help bogus")
        #expect(far.view.mode == .normal)
        #expect(far.view.status.contains("no command or option is called 'bogus'"))
        #expect(!far.view.status.contains("did you mean"))
    }
}
