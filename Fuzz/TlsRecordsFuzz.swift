// libFuzzer harness: the TLS record-header decoder (`TlsRecordScan.scan`) over any bytes, as a
// hostile peer can put them in the kernel's receive queue of a TLS stream.
//
// Built by scripts/fuzz with Sources/TlsLayer/TlsRecordHeader.swift alone (it imports nothing)
// into a module of its own. Nothing here opens a socket or calls OpenSSL.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let scan = TlsRecordScan.scan(bytes)
    // Every record lies where the one before it ends, inside the bytes, with what it says.
    var next = 0
    for record in scan.records {
        fuzzRequire(record.offset == next, "record at \(record.offset), expected \(next)")
        fuzzRequire(record.offset + 5 <= size, "header at \(record.offset) past the end (\(size))")
        fuzzRequire(record.present >= 0 && record.present <= record.length, "present \(record.present) of \(record.length)")
        fuzzRequire(record.offset + 5 + record.present <= size, "body past the end")
        fuzzRequire(record.length <= TlsRecordHeader.maximumLength, "length \(record.length) over the maximum")
        fuzzRequire(record.type == bytes[record.offset], "type differs from the byte")
        fuzzRequire(!record.summary.isEmpty && !record.summary.utf8.contains { $0 < 0x20 }, "summary \(record.summary)")
        next = record.offset + 5 + record.length
    }
    fuzzRequire(scan.records.count <= TlsRecordScan.recordLimit, "\(scan.records.count) records")
    // It stops for one reason at most, and where it says.
    if let at = scan.malformedAt {
        fuzzRequire(at == next && at + 5 <= size, "malformed at \(at), scan ended at \(next)")
        fuzzRequire(scan.partialHeader == 0, "both malformed and a partial header")
    }
    if scan.partialHeader > 0 {
        fuzzRequire(scan.partialHeader < 5 && next + scan.partialHeader == size, "partial header \(scan.partialHeader)")
    }
    // Whole records and only whole records say so.
    if let last = scan.records.last, scan.malformedAt == nil, scan.partialHeader == 0, scan.records.count < TlsRecordScan.recordLimit {
        fuzzRequire(last.isWhole == (next == size), "the last record says whole: \(last.isWhole), ends at \(next) of \(size)")
    }
    return 0
}
