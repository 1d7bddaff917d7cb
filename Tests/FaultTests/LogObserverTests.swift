import Foundation
import Testing
import TestSupport

/// The readable log of `tcpscope run` and a transcript observe the same event log side by
/// side: stopping the transcript inside the script stops only the transcript.
@Suite("Log observers")
struct LogObserverTests {
    @Test func transcriptOffInsideARunKeepsTheRunPrinting() async throws {
        let dir = try ScratchDirectory()
        let transcript = dir.file("a.jsonl")
        let script = """
            listen 127.0.0.1:0
            transcript off
            listen 127.0.0.1:0
            l2: get

            """
        let result = try await ToolRun.run(["run", "-", "--transcript", transcript], stdin: script)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let printed = result.stdout.split(separator: "\n")
        #expect(printed.contains { $0.contains("l2") && $0.contains("listen 127.0.0.1:0") },
                "the run still prints after `transcript off`: \(result.stdout)")
        #expect(printed.contains { $0.contains("l2") && $0.contains("get") }, "\(result.stdout)")
        let written = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(written.contains(#""stream":"l1""#), "the transcript has what came before: \(written)")
        #expect(!written.contains(#""stream":"l2""#), "and nothing after it was stopped: \(written)")
    }
}
