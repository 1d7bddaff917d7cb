import Foundation
import Testing
import TestSupport

/// The benchmarks' measurement files (`--frame-log`, `--latency-log`) are opened as every file
/// tcpscope writes: a symlink planted at the path is refused before the screen opens, and its
/// target is left as it was. Run in a real terminal, where the screen would otherwise open.
@Suite("Measurement files")
struct MeasurementLogScreenTests {
    @Test(arguments: ["--frame-log", "--latency-log"])
    func aSymlinkedMeasurementFileIsRefusedUntouched(option: String) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.txt").path
        try "not yours\n".write(toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o644)
        let link = dir.appendingPathComponent("m.log").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("listen 0 \(option) \(shellQuote(link))"),
                                         width: 200, height: 40)
        defer { withExtendedLifetime(tmux) {} }
        // Refused: said, and the exit status a bad argument gets. Had the screen opened, quit it.
        let screen = try await tmux.waitUntil("the refusal or the screen") { $0.contains("DONE ") || $0.contains("listening on") }
        if !screen.contains("DONE ") {
            try await tmux.sendKeys("q")
            try await tmux.sendKeys("y")
        }
        try await tmux.waitFor(text: "DONE ")
        let end = try await tmux.captureHistory()
        var info = stat()
        #expect(lstat(target, &info) == 0 && info.st_mode & 0o7777 == 0o644, "the target keeps its mode")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "not yours\n", "and its content")
        #expect(end.contains("\(option): \(link) is a symlink") && end.contains("DONE 64"), "\(end)")
    }
}
