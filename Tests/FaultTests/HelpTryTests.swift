import Foundation
import Testing
import TestSupport

/// The help's "try this" texts do what they say: every command a `try:` line of
/// Assets/help/options.txt names (in backticks) runs, in order, headless against a loopback
/// pair, and the `expect` lines among them check the outcome the text promises.
@Suite("Help try-this texts")
struct HelpTryTests {
    struct TryText: CustomStringConvertible, Sendable {
        var option: String
        var text: String
        var description: String { option }

        /// The backticked commands, in order.
        var commands: [String] {
            text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }
                .map { String($0.element) }
        }

        /// The script the test runs: a loopback pair, then the commands. A command followed by
        /// `expect error` is meant to fail, so it runs with `try`.
        var script: String {
            let commands = self.commands
            var lines = ["listen 0", "connect l1"]
            for (index, command) in commands.enumerated() {
                let next = index + 1 < commands.count ? commands[index + 1] : ""
                lines.append(next.hasPrefix("expect error") ? "try " + command : command)
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    static let texts: [TryText] = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        let path = parts.joined(separator: "/") + "/Assets/help/options.txt"
        guard let file = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var result: [TryText] = []
        var option = ""
        for raw in file.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") && line.hasSuffix("]") { option = String(line.dropFirst().dropLast()) }
            if line.hasPrefix("try:") { result.append(TryText(option: option, text: String(line.dropFirst(4)))) }
        }
        return result
    }()

    @Test func everyOptionHasATryText() {
        #expect(Self.texts.count >= 13, "options.txt was read: \(Self.texts.map(\.option))")
    }

    @Test("the commands of a try text run and do what it says", arguments: texts)
    func tryTextHolds(text: TryText) async throws {
        let commands = text.commands
        try #require(!commands.isEmpty, "\(text.option): the try text names its commands in backticks: \(text.text)")
        #expect(text.text.split(separator: "`", omittingEmptySubsequences: false).count % 2 == 1,
                "\(text.option): backticks come in pairs")
        let run = try await ToolRun.runTimed(["run", "-"], script: text.script, stdin: text.script)
        #expect(run.status == 0, "\(text.option): \(text.script)\n\(run.stdout)\n\(run.stderr)")
    }
}
