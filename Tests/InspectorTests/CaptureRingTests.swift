import Testing
@testable import Inspector

@Suite("Capture ring")
struct CaptureRingTests {
    @Test func keepsAbsoluteOffsets() {
        let ring = CaptureRing(bound: 16)
        ring.append(Array("hello ".utf8))
        ring.append(Array("world".utf8))
        #expect(ring.totals == .init(total: 11, oldest: 0))
        #expect(ring.bytes(in: 6..<11).bytes == Array("world".utf8))
        #expect(ring.bytes(in: 6..<11).start == 6)
    }

    @Test func dropsOldBytesAndCountsThem() {
        let ring = CaptureRing(bound: 8)
        ring.append(Array("0123456789".utf8))
        #expect(ring.totals.total == 10)
        #expect(ring.totals.dropped == 2)
        let (start, bytes) = ring.bytes(in: 0..<10)
        #expect(start == 2)
        #expect(bytes == Array("23456789".utf8))
        ring.append(Array("ab".utf8))
        #expect(ring.bytes(in: 0..<100).bytes == Array("456789ab".utf8))
        #expect(ring.tail(3).bytes == Array("9ab".utf8))
    }

    @Test func growsFromSmallToTheBoundKeepingOrder() {
        let bound = 100_000
        let ring = CaptureRing(bound: bound)
        var expected: [UInt8] = []
        var x: UInt32 = 12345
        for size in [1, 7, 4095, 4097, 30_000, 70_000, 3] {
            let chunk = (0..<size).map { _ -> UInt8 in x = x &* 1_103_515_245 &+ 12345; return UInt8(truncatingIfNeeded: x >> 16) }
            ring.append(chunk)
            expected += chunk
        }
        let t = ring.totals
        #expect(t.total == UInt64(expected.count))
        #expect(t.held == bound)
        #expect(ring.bytes(in: t.oldest..<t.total).bytes == Array(expected.suffix(bound)))
    }

    @Test func receiveWritesInPlaceAndCommitsOnlyWhatWasWritten() {
        let ring = CaptureRing(bound: 10)
        ring.append(Array("abcdefghij".utf8))
        let n = ring.receive(maxLength: 6) { space in
            space[0] = UInt8(ascii: "X")
            space[1] = UInt8(ascii: "Y")
            return 2
        }
        #expect(n == 2)
        #expect(ring.totals == .init(total: 12, oldest: 2), "only two old bytes were replaced")
        #expect(ring.bytes(in: 0..<12).bytes == Array("cdefghijXY".utf8))
        #expect(ring.receive(maxLength: 4) { _ in -1 } == -1)
        #expect(ring.totals.total == 12, "a failed receive commits nothing")
    }

    @Test func hugeAppendKeepsTheTail() {
        let ring = CaptureRing(bound: 4)
        ring.append(Array("abcdefghij".utf8))
        #expect(ring.totals == .init(total: 10, oldest: 6))
        #expect(ring.bytes(in: 0..<10).bytes == Array("ghij".utf8))
    }
}

@Suite("Event log")
struct EventLogTests {
    @Test func boundedWithSequenceNumbers() {
        let log = EventLog(bound: 3)
        for i in 0..<5 { log.append(Event(entry: nil, op: "op\(i)")) }
        let view = log.view
        #expect(view.end == 5)
        #expect(view.dropped == 2)
        #expect(view.last(10).map(\.op) == ["op2", "op3", "op4"])
        #expect(view.last(10).map(\.sequence) == [2, 3, 4])
        log.append(Event(entry: nil, op: "later"))
        #expect(view.last(10).map(\.op) == ["op3", "op4"], "a view shows the log as it was, minus what left")
    }

    @Test func eventLinesNameErrnos() {
        let ok = Event(time: .milliseconds(1204), entry: .stream(StreamID(1)), op: "read", args: "5", bytes: Array("hi\r\n".utf8), value: "4")
        #expect(EventText.line(ok).contains("s1"))
        #expect(EventText.line(ok).contains(#"read 5  ok  4  "hi\r\n""#))
        let bad = Event(entry: nil, op: "connect", args: "127.0.0.1:9", ok: false, error: "ECONNREFUSED (Connection refused) in connect to 127.0.0.1:9")
        #expect(EventText.line(bad).hasSuffix("ECONNREFUSED (Connection refused) in connect to 127.0.0.1:9"))
    }
}
