import Testing
@testable import Inspector

/// Durations, sizes and counts as people read them.
@Suite("Human text")
struct HumanTextTests {
    @Test func durationsToThreeSignificantDigits() {
        #expect(HumanText.duration(.nanoseconds(4_565_638_021)) == "4.57s")
        #expect(HumanText.duration(.nanoseconds(17_660_360)) == "17.7ms")
        #expect(HumanText.duration(.milliseconds(252)) == "252ms")
        #expect(HumanText.duration(.microseconds(33)) == "33us")
        #expect(HumanText.duration(.nanoseconds(850)) == "850ns")
        #expect(HumanText.duration(.nanoseconds(999_999_999)) == "1s")
        #expect(HumanText.duration(.nanoseconds(999_600)) == "1ms")
        #expect(HumanText.duration(.seconds(2)) == "2s")
        #expect(HumanText.duration(.milliseconds(1500)) == "1.5s")
        #expect(HumanText.duration(.seconds(150)) == "2m30s")
        #expect(HumanText.duration(.seconds(65)) == "1m05s")
        #expect(HumanText.duration(.milliseconds(59_999)) == "1m")
        #expect(HumanText.duration(.seconds(3900)) == "1h05m")
        #expect(HumanText.duration(.zero) == "0s")
    }

    @Test func sizesInBinaryUnitsWithASpace() {
        #expect(HumanText.size(0) == "0 B")
        #expect(HumanText.size(999) == "999 B")
        #expect(HumanText.size(4096) == "4 KiB")
        #expect(HumanText.size(1 << 20) == "1 MiB")
        #expect(HumanText.size(1 << 30) == "1 GiB")
        #expect(HumanText.size(1_258_291) == "1.2 MiB")
        #expect(HumanText.size(35_328) == "34.5 KiB")
        #expect(HumanText.size(3_939_840) == "3.76 MiB")
        #expect(HumanText.size((1 << 20) - 1) == "1 MiB")
    }

    @Test func countsTakeTheRightNumber() {
        #expect(HumanText.count(1, "stream") == "1 stream")
        #expect(HumanText.count(0, "stream") == "0 streams")
        #expect(HumanText.count(2, "byte") == "2 bytes")
        #expect(HumanText.count(1, "entry", "entries") == "1 entry")
    }
}
