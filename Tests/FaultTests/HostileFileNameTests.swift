import Foundation
import Testing
import TestSupport

/// File names reach messages escaped: a name holding ESC, BEL and a newline (an OSC that would
/// set the terminal's title) is shown as `\x1b]0;TITLE\x07\n`, never written raw to standard
/// output or standard error, wherever the name comes up.
@Suite("Hostile file names")
struct HostileFileNameFaultTests {
    static let name = "\u{1b}]0;TITLE\u{07}\nx"
    static let escaped = #"\x1b]0;TITLE\x07\nx"#

    /// No control character but the newlines between lines; and the name, escaped, is there
    /// (when something was said about it).
    static func checkClean(_ result: ToolRun.Result, _ what: String, named: Bool = true,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
            #expect(raw.isEmpty, "\(what): raw \(raw.map { String($0.value, radix: 16) }) on \(stream)",
                    sourceLocation: sourceLocation)
        }
        #expect(!named || (result.stdout + result.stderr).contains(escaped), "\(what): the name is shown escaped:\n\(result.stdout)\(result.stderr)",
                sourceLocation: sourceLocation)
    }

    @Test func aScriptNameIsEscaped() async throws {
        let dir = try ScratchDirectory()
        Self.checkClean(try await ToolRun.run(["run", dir.file(Self.name)]), "a missing script")
        let malformed = try dir.write(Self.name, "listen\n")
        Self.checkClean(try await ToolRun.run(["run", malformed]), "a malformed script")
        try "listen 0\nexpect error ECONNREFUSED\n".write(toFile: malformed, atomically: false, encoding: .utf8)
        Self.checkClean(try await ToolRun.run(["run", malformed]), "a failing script")
        Self.checkClean(try await ToolRun.run(["listen", "0", "--script", malformed + "-missing"]), "a missing --script")
        try "listen\n".write(toFile: malformed, atomically: false, encoding: .utf8)
        Self.checkClean(try await ToolRun.run(["listen", "0", "--script", malformed]), "a malformed --script")
    }

    @Test func recordingFileNamesAreEscaped() async throws {
        let dir = try ScratchDirectory()
        let path = dir.file(Self.name)
        Self.checkClean(try await ToolRun.run(["run", "-", "--transcript", path], stdin: "listen 0\n"), "a new transcript", named: false)
        Self.checkClean(try await ToolRun.run(["run", "-", "--transcript", path], stdin: "listen 0\n"), "an existing transcript")
        Self.checkClean(try await ToolRun.run(["run", "-", "--save-read", path], stdin: "listen 0\n"), "an existing --save-read")
        let link = dir.file(Self.name + "-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        Self.checkClean(try await ToolRun.run(["run", "-", "--save-read", link, "--force"], stdin: "listen 0\n"), "--force on a symlink")
        // The script names the file with C escapes.
        let quoted = "\"\(dir.path)/\(Self.escaped)-saved\""
        Self.checkClean(try await ToolRun.run(["run", "-"], stdin: "listen 0\nsave \(quoted)\n"), "a saved script")
        Self.checkClean(try await ToolRun.run(["run", "-"], stdin: "listen 0\nsave \(quoted)\n"), "a save refused")
        Self.checkClean(try await ToolRun.run(["run", "-"], stdin: "listen 0\ntranscript \(quoted)\n"), "a transcript refused")
        let saved = try String(contentsOfFile: dir.file(Self.name + "-saved"), encoding: .utf8)
        #expect(saved.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0 == "listen 0" },
                "the name in the saved script's comment adds no line to it:\n\(saved)")
    }
}
