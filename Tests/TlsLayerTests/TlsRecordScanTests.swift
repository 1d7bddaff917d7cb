import Testing
import TlsLayer

/// The record-header decoder: what it finds in bytes as the kernel's queue holds them.
@Suite("TLS record headers")
struct TlsRecordScanTests {
    @Test func wholeAndPartRecordsAreListedInOrder() {
        // A handshake record of 4 bytes, then application data promising 32 with 3 here.
        let bytes: [UInt8] = [22, 3, 3, 0, 4, 1, 2, 3, 4, 23, 3, 3, 0, 32, 9, 9, 9]
        let scan = TlsRecordScan.scan(bytes)
        #expect(scan.records.map(\.summary) == ["handshake TLS 1.2 len 4", "application_data TLS 1.2 len 32 (3 here)"])
        #expect(scan.records.map(\.offset) == [0, 9])
        #expect(scan.records[0].isWhole && !scan.records[1].isWhole)
        #expect(scan.malformedAt == nil && scan.partialHeader == 0)
    }

    @Test func aHeaderCutShortIsCountedNotDecoded() {
        let scan = TlsRecordScan.scan([21, 3, 3, 0, 2, 2, 40, 23, 3])
        #expect(scan.records.map(\.summary) == ["alert TLS 1.2 len 2"])
        #expect(scan.partialHeader == 2)
    }

    @Test func bytesThatAreNotTlsStopTheScanWhereTheyStart() {
        // Unknown type, a version that is not 3.x, a length past 2^14 + 2048: each is refused.
        #expect(TlsRecordScan.scan(Array("HTTP/1.1 400".utf8)).malformedAt == 0)
        #expect(TlsRecordScan.scan([22, 2, 0, 0, 1, 0]).malformedAt == 0)
        #expect(TlsRecordScan.scan([23, 3, 3, 0x48, 0x01]).malformedAt == 0)
        let after = TlsRecordScan.scan([20, 3, 3, 0, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(after.records.map(\.typeName) == ["change_cipher_spec"])
        #expect(after.malformedAt == 6)
    }

    @Test func namesCoverEveryTypeAndVersion() {
        let types: [UInt8] = [20, 21, 22, 23, 24]
        #expect(types.map { TlsRecordHeader(offset: 0, type: $0, version: 0x0301, length: 0, present: 0).typeName }
                == ["change_cipher_spec", "alert", "handshake", "application_data", "heartbeat"])
        #expect(TlsRecordHeader(offset: 0, type: 99, version: 0x0399, length: 0, present: 0).typeName == "type 0x63")
        #expect([0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0399].map {
            TlsRecordHeader(offset: 0, type: 22, version: UInt16($0), length: 0, present: 0).versionName
        } == ["SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3", "0x0399"])
    }

    @Test func anyBytesScanWithinBoundsAndAddUp() {
        // A bounded pseudo-random sweep: every record lies inside the bytes, in order.
        var seed: UInt64 = 0x9e37_79b9_7f4a_7c15
        for round in 0..<2000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = Int(seed >> 54) % 96
            var bytes: [UInt8] = []
            for i in 0..<count {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Mostly plausible headers, so the scan gets past the first record.
                let plausible: [UInt8] = [22, 3, 3, 0, UInt8(seed >> 60)]
                bytes.append(round % 3 == 0 ? UInt8(truncatingIfNeeded: seed >> 33) : plausible[i % 5])
            }
            let scan = TlsRecordScan.scan(bytes)
            var next = 0
            for record in scan.records {
                #expect(record.offset == next)
                #expect(record.present <= record.length && record.offset + 5 + record.present <= bytes.count)
                next = record.offset + 5 + record.length
            }
        }
    }
}
