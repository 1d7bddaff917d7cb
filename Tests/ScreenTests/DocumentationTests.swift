import Testing
import Inspector
@testable import Screen

/// The README's key table and command grammar say what the code does.
@Suite("README")
struct DocumentationTests {
    static let readme: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        let path = parts.joined(separator: "/") + "/README.md"
        return (try? TextFile.read(path)) ?? ""
    }()

    @Test func everyCommandOfTheGrammarIsDocumented() {
        #expect(!Self.readme.isEmpty)
        for row in CommandParser.grammar {
            #expect(Self.readme.contains(row.usage), "README lacks \(row.usage)")
        }
    }

    @Test func everyFooterKeyIsInTheKeyTable() {
        for binding in KeyMap.bindings where binding.footer != nil {
            let key = binding.label.split(separator: " ").first.map(String.init) ?? binding.label
            #expect(Self.readme.contains("`\(key)`"), "README's key table lacks \(key)")
        }
    }
}
