import Testing
@testable import Inspector

/// `expect elapsed`, `expect received` and `note`, on a real loopback pair.
@Suite("expect elapsed, expect received, note")
struct ExpectTests {
    @Test func elapsedComparesTheTimeTheCommandBeforeMeasured() {
        let s = Session()
        defer { s.shutdown() }
        #expect(!s.perform("expect elapsed under 1s").ok, "no command has run yet")
        _ = s.perform("listen 0")
        _ = s.perform("connect l1")
        #expect(s.perform("set read-timeout 100ms").ok)
        _ = s.perform("try read")
        #expect(s.perform("expect elapsed over 90ms").ok)
        #expect(s.perform("note the read waited for its timeout").ok)
        #expect(s.perform("expect elapsed under 5s").ok, "a note leaves the command before where it was")
        let wrong = s.perform("expect elapsed under 50ms")
        #expect(!wrong.ok)
        #expect(wrong.message.contains("expected under 50ms but read took"), "\(wrong.message)")
        _ = s.perform("select s1")
        #expect(!s.perform("expect elapsed over 1ms").ok, "select measures no time")
    }

    @Test func receivedIsEverythingTheStreamGotReadOrFollowed() {
        let s = Session()
        defer { s.shutdown() }
        _ = s.perform("listen 0")
        _ = s.perform("connect l1")
        #expect(s.perform("expect received \"\"").ok)
        _ = s.perform("s2: send abc")
        _ = s.perform("wait bytes 3")
        #expect(!s.perform("expect received abc").ok, "waiting in the kernel is not received")
        _ = s.perform("read 2")
        _ = s.perform("read 1")
        #expect(s.perform("expect received abc").ok)
        let other = s.perform("s2: expect received abc")
        #expect(!other.ok)
        #expect(other.message.contains("s2 to have received \"abc\" but it received \"\""), "\(other.message)")
        _ = s.perform("select l1")
        #expect(s.perform("expect received x").message.contains("needs a stream"))
    }

    @Test func noteIsLoggedAsWritten() {
        let s = Session()
        defer { s.shutdown() }
        let outcome = s.perform("note Nagle waits for the delayed ACK")
        #expect(outcome.ok)
        #expect(outcome.event?.op == "note")
        #expect(outcome.event?.value == "Nagle waits for the delayed ACK")
    }

    /// A mismatch shows 256 bytes of each side and says how many more there were, for text
    /// and hex alike, in the message and in the Log's line.
    @Test func aMismatchShowsTheFirst256BytesOfEachSide() {
        let s = Session()
        defer { s.shutdown() }
        _ = s.perform("listen 0")
        _ = s.perform("connect l1")
        _ = s.perform("s2: send " + String(repeating: "a", count: 300))
        _ = s.perform("wait bytes 300")
        #expect(s.perform("read").ok)
        let text = s.perform("expect text " + String(repeating: "b", count: 300))
        #expect(!text.ok)
        #expect(text.message.components(separatedBy: "(300 bytes, 44 not shown)").count == 3, "\(text.message)")
        #expect(text.message.utf8.count < 700, "\(text.message.utf8.count) bytes")
        let hex = s.perform("expect hex " + String(repeating: "62", count: 300))
        #expect(!hex.ok)
        let line = hex.event.map { EventText.line($0) } ?? ""
        #expect(line.contains("expect hex " + String(repeating: "62 ", count: 255) + "62... (300 bytes, 44 not shown)"), "\(line)")
        #expect(line.utf8.count < 1600, "\(line.utf8.count) bytes")
    }
}
