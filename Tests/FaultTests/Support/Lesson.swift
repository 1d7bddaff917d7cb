import Foundation
import TestSupport

/// A teaching script of Assets/scripts, and the lines that make its point.
///
/// Each lesson declares them in its header, one comment per prefix: `# Proof: set nodelay`
/// names every line that, with leading blanks left out, starts with `set nodelay`. Run without
/// those lines, the lesson must fail on one of its `expect` lines: that is how it proves that
/// the thing it teaches is what makes the difference.
struct Lesson: CustomStringConvertible {
    static let proofMarker = "# Proof:"

    let name: String
    let path: String
    let text: String

    var description: String { name }

    /// Every `*.tcps` of Assets/scripts, in name order.
    static func all() throws -> [Lesson] {
        let folder = packageRoot + "/Assets/scripts"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".tcps") }
            .sorted()
        return try names.map { file in
            let path = folder + "/" + file
            return Lesson(name: String(file.dropLast(5)), path: path,
                          text: try String(contentsOfFile: path, encoding: .utf8))
        }
    }

    static let silentPeerMarker = "# Needs: a silent peer"

    /// Whether the lesson needs a peer that stops answering (`# Needs: a silent peer`): then it
    /// runs inside a `SilentPeerNamespace`, where a stream that sets `tos 16` goes silent.
    var needsSilentPeer: Bool {
        text.split(separator: "\n").contains { $0.hasPrefix(Lesson.silentPeerMarker) }
    }

    /// The prefixes the header declares, in order.
    var proofPrefixes: [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            guard line.hasPrefix(Lesson.proofMarker) else { return nil }
            let prefix = line.dropFirst(Lesson.proofMarker.count).trimmingCharacters(in: .whitespaces)
            return prefix.isEmpty ? nil : prefix
        }
    }

    /// The lines the second run leaves out.
    var proofLines: [String] {
        lines.filter(isProofLine)
    }

    /// The script without its proof lines.
    var withoutProof: String {
        lines.filter { !isProofLine($0) }.joined(separator: "\n") + "\n"
    }

    private var lines: [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private func isProofLine(_ line: String) -> Bool {
        let body = line.drop { $0 == " " || $0 == "\t" }
        guard !body.hasPrefix("#") else { return false }
        return proofPrefixes.contains { body.hasPrefix($0) }
    }

    private static var packageRoot: String {
        // Tests/FaultTests/Support/Lesson.swift -> the package root.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }
}
