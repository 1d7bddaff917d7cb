import Testing
import TestSupport

/// `help TOPIC` in a headless run prints that command's or option's text, not the whole list,
/// and says when a topic is unknown (with the nearest name), without stopping the script.
@Suite("help TOPIC, headless")
struct HelpTopicRunTests {
    static func help(_ topic: String) async throws -> ToolRun.Result {
        try await ToolRun.run(["run", "-"], stdin: "help \(topic)\nlisten 0\n")
    }

    @Test func anOptionPrintsItsTeachingText() async throws {
        let run = try await Self.help("linger")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("set linger off|DUR\n"), "\(run.stdout)")
        #expect(run.stdout.contains("SO_LINGER decides what close does"))
        #expect(run.stdout.contains("Try this:"))
        #expect(!run.stdout.contains("connect HOST:PORT"), "not the whole command list")
    }

    @Test func aCommandPrintsItsUsageAndSummary() async throws {
        let run = try await Self.help("read")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("read [N]\n  read and consume up to N bytes"), "\(run.stdout)")
        #expect(!run.stdout.contains("listen [HOST:]PORT "), "not the whole command list")
    }

    @Test func anUnknownTopicSaysSoAndTheScriptGoesOn() async throws {
        let near = try await Self.help("nodlay")
        #expect(near.status == 0)
        #expect(near.stdout.contains("help: no command or option is called 'nodlay'; did you mean 'nodelay'?"), "\(near.stdout)")
        #expect(near.stdout.contains("listen 127.0.0.1:0  ok"), "the next line ran")
        let far = try await Self.help("bogus")
        #expect(far.stdout.contains("help: no command or option is called 'bogus'"), "\(far.stdout)")
        #expect(!far.stdout.contains("connect HOST:PORT"), "not the whole command list")
    }

    @Test func noTopicListsEveryCommand() async throws {
        let run = try await ToolRun.run(["run", "-"], stdin: "help\n")
        #expect(run.stdout.contains("connect HOST:PORT"))
        #expect(run.stdout.contains("transcript FILE"))
    }
}
