import Foundation
import Testing
import TestSupport

/// Every teaching script proves its own point: it passes as written, and fails on one of its
/// `expect` lines when the lines its `# Proof:` header names are left out. A lesson whose
/// checks would pass either way teaches nothing about what it names.
@Suite("Lessons prove their point")
struct LessonProofTests {
    static let lessons: [Lesson] = (try? Lesson.all()) ?? []

    @Test func theScriptsFolderHasLessons() {
        #expect(Self.lessons.count >= 13, "Assets/scripts was read: \(Self.lessons.map(\.name))")
    }

    @Test("passes as written, fails on an expect without its proof lines", arguments: lessons)
    func provesItsPoint(lesson: Lesson) async throws {
        #expect(!lesson.proofPrefixes.isEmpty, "\(lesson.name) declares its proof lines with '# Proof: TEXT'")
        let removed = lesson.proofLines
        try #require(!removed.isEmpty, "\(lesson.name): no line starts with \(lesson.proofPrefixes)")

        // A lesson about a peer that vanished runs in a namespace of its own, where such a
        // peer can be made; without namespaces here it is skipped, not passed.
        var namespace: SilentPeerNamespace?
        if lesson.needsSilentPeer {
            guard NamespacePair.isAvailable else {
                print("\(lesson.name): \(NamespacePair.unavailableReason)")
                return
            }
            namespace = try SilentPeerNamespace()
        }
        defer { namespace?.remove() }
        let prefix = namespace?.inside([]) ?? []

        let asWritten = try await ToolRun.runTimed(["run", lesson.path], script: lesson.text, prefix: prefix)
        #expect(asWritten.status == 0, "\(lesson.name) as written:\n\(asWritten.stdout)\n\(asWritten.stderr)")

        let scratch = try ScratchDirectory()
        let stripped = try scratch.write("\(lesson.name)-without-proof.tcps", lesson.withoutProof)
        let without = try await ToolRun.run(["run", stripped], prefix: prefix)
        let report = "\(lesson.name) without \(removed):\n\(without.stdout)\n\(without.stderr)"
        #expect(without.status == 1, "fails, and not as a malformed script (2): \(report)")
        let failure = without.stdout.split(separator: "\n").last { $0.contains(": failed: ") }
        #expect(failure?.contains(": failed: expect") == true, "the failure is an expect line's: \(report)")
    }
}
