import Foundation
import Testing
@testable import Inspector

/// The transcript's buffer: `follow-read` lines keep their exact form (hex of every byte value,
/// fields in order), wait in memory until a flush, an event or the end, and never overtake or
/// fall behind the events around them.
@Suite("Transcript buffering")
struct TranscriptBufferTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "tcpscope-\(UUID().uuidString)-buffer.jsonl"
    }

    func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func followReadLinesHoldEveryByteValueInTheirExactForm() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TranscriptWriter(path: path, overwrite: false)
        let all = (0...255).map { UInt8($0) }
        all.withUnsafeBytes { bytes in
            writer.writeFollow(StreamID(2), offset: 0, bytes: UnsafeRawBufferPointer(rebasing: bytes[..<100]), time: .milliseconds(1500))
            writer.writeFollow(StreamID(2), offset: 100, bytes: UnsafeRawBufferPointer(rebasing: bytes[100...]), time: .seconds(2))
        }
        writer.finish()
        let lines = try contents(path).split(separator: "\n", omittingEmptySubsequences: false)
        let hex = all.map { String(format: "%02x", $0) }.joined()
        #expect(lines.count == 3 && lines[2].isEmpty, "two whole lines: \(lines.count)")
        #expect(lines.first == #"{"t":1.500000,"stream":"s2","op":"follow-read","offset":0,"ok":true,"bytes":""#
                + hex.prefix(200) + #""}"#)
        #expect(lines.dropFirst().first == #"{"t":2.000000,"stream":"s2","op":"follow-read","offset":100,"ok":true,"bytes":""#
                + hex.dropFirst(200) + #""}"#)
        #expect(writer.error == nil)
    }

    @Test func followReadLinesWaitForAFlushAndEventsTakeThemAlongInOrder() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TranscriptWriter(path: path, overwrite: false)
        let bytes: [UInt8] = [0x68, 0x69]
        bytes.withUnsafeBytes { writer.writeFollow(StreamID(1), offset: 0, bytes: $0, time: .zero) }
        #expect(try contents(path).isEmpty, "a follow-read line waits in the buffer")
        writer.flush()
        #expect(try contents(path).hasSuffix(#""bytes":"6869"}"# + "\n"), "a flush writes it")

        bytes.withUnsafeBytes { writer.writeFollow(StreamID(1), offset: 2, bytes: $0, time: .zero) }
        writer.write(Event(sequence: 7, entry: .stream(StreamID(1)), op: "follow", value: "end of stream after 4 bytes"))
        let lines = try contents(path).split(separator: "\n")
        #expect(lines.count == 3, "an event goes out at once, with what came before it: \(lines)")
        #expect(lines.count == 3 && lines[1].contains(#""offset":2"#) && lines[2].contains(#""seq":7"#), "in order: \(lines)")
    }

    @Test func afterFinishLinesGoStraightToTheFile() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TranscriptWriter(path: path, overwrite: false)
        writer.finish()
        // A follow pass that took the writer before the transcript stopped still writes whole.
        let bytes: [UInt8] = [0x0d, 0x0a]
        bytes.withUnsafeBytes { writer.writeFollow(StreamID(3), offset: 9, bytes: $0, time: .zero) }
        #expect(try contents(path) == #"{"t":0.000000,"stream":"s3","op":"follow-read","offset":9,"ok":true,"bytes":"0d0a"}"# + "\n")
    }

    @Test func linesLargerThanTheBufferAreWrittenWhole() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TranscriptWriter(path: path, overwrite: false)
        // 1.5 MiB of bytes: 3 MiB of hex, more than the buffer holds.
        let bytes = (0..<(3 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        bytes.withUnsafeBytes { writer.writeFollow(StreamID(1), offset: 0, bytes: $0, time: .zero) }
        let text = try contents(path)
        #expect(text.count > 3 << 20 && text.hasSuffix("\"}\n"), "written as soon as it was complete: \(text.count) characters")
        let hex = text.split(separator: "\"").dropLast().last.map(String.init) ?? ""
        #expect(hex.count == 3 << 20 && hex.hasPrefix("00070e15"), "every byte: \(hex.prefix(16))...")
    }
}
