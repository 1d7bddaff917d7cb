/// One TLS record header as it travels (RFC 8446 section 5.1, RFC 5246 section 6.2): a content
/// type byte, the legacy version, and the length of the body that follows. Decoded from bytes
/// still waiting in the kernel, so the view can say which records have arrived and not yet
/// been decrypted.
public struct TlsRecordHeader: Sendable, Hashable {
    /// Where the header starts in the bytes scanned.
    public var offset: Int
    /// The content type: 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data,
    /// 24 heartbeat.
    public var type: UInt8
    /// The record's legacy version (0x0303 for TLS 1.2 and 1.3 records).
    public var version: UInt16
    /// The body's length, as the header says.
    public var length: Int
    /// How much of the body was in the bytes scanned (less than `length` when the window or the
    /// kernel's queue ends inside it).
    public var present: Int

    public init(offset: Int, type: UInt8, version: UInt16, length: Int, present: Int) {
        self.offset = offset
        self.type = type
        self.version = version
        self.length = length
        self.present = present
    }

    /// The largest body a record may carry: 2^14 bytes of plaintext plus expansion (TLS 1.2
    /// allows 2048 bytes of it; TLS 1.3 only 256).
    public static let maximumLength = (1 << 14) + 2048

    /// The content type's name, or `type 0xNN`.
    public var typeName: String {
        switch type {
        case 20: "change_cipher_spec"
        case 21: "alert"
        case 22: "handshake"
        case 23: "application_data"
        case 24: "heartbeat"
        default: "type 0x" + TlsRecordHeader.hex(UInt16(type), digits: 2)
        }
    }

    /// The version as people name it (`TLS 1.2`), or `0xNNNN`.
    public var versionName: String {
        switch version {
        case 0x0300: "SSL 3.0"
        case 0x0301: "TLS 1.0"
        case 0x0302: "TLS 1.1"
        case 0x0303: "TLS 1.2"
        case 0x0304: "TLS 1.3"
        default: "0x" + TlsRecordHeader.hex(version, digits: 4)
        }
    }

    /// Whether the whole body is in the bytes scanned.
    public var isWhole: Bool { present == length }

    /// `handshake TLS 1.2 len 122`, with `(40 here)` when only part of the body was seen.
    public var summary: String {
        var text = "\(typeName) \(versionName) len \(length)"
        if !isWhole { text += " (\(present) here)" }
        return text
    }

    static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// What a scan of raw TLS bytes found: the record headers in order, and where the bytes stop
/// being TLS, if they do.
public struct TlsRecordScan: Sendable, Hashable {
    public var records: [TlsRecordHeader] = []
    /// Bytes at the end too few for a header (a header cut by the end of the bytes scanned).
    public var partialHeader = 0
    /// The offset of the first five bytes that cannot be a TLS record header (an unknown
    /// content type, a version that is not 3.x, or a length over the maximum): what follows
    /// is not decoded.
    public var malformedAt: Int?
    /// The bytes were not scanned: OpenSSL holds the start of a record whose rest is in them,
    /// so they do not start at a record boundary.
    public var startsMidRecord = false

    public init() {}

    /// The records at most this many: a 4 KiB window holds at most 819 empty records anyway.
    public static let recordLimit = 4096

    /// Decodes the record headers in `bytes`, which start at a record boundary (the first byte
    /// of the kernel's queue, when no record has been partly read). Never reads past the end,
    /// whatever the bytes say.
    public static func scan(_ bytes: UnsafeRawBufferPointer) -> TlsRecordScan {
        var result = TlsRecordScan()
        var offset = 0
        let count = bytes.count
        while offset < count, result.records.count < recordLimit {
            guard count - offset >= 5 else {
                result.partialHeader = count - offset
                break
            }
            let type = bytes[offset]
            let version = UInt16(bytes[offset + 1]) << 8 | UInt16(bytes[offset + 2])
            let length = Int(bytes[offset + 3]) << 8 | Int(bytes[offset + 4])
            guard (20...24).contains(type), bytes[offset + 1] == 3, bytes[offset + 2] <= 4,
                  length <= TlsRecordHeader.maximumLength else {
                result.malformedAt = offset
                break
            }
            let present = min(length, count - offset - 5)
            result.records.append(TlsRecordHeader(offset: offset, type: type, version: version, length: length, present: present))
            offset += 5 + length
        }
        return result
    }

    public static func scan(_ bytes: [UInt8]) -> TlsRecordScan {
        bytes.withUnsafeBytes { scan($0) }
    }
}
