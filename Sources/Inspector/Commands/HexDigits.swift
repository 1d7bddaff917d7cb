/// Bytes as lower-case hex digits, two a byte, written straight into memory from a table: the
/// transcript hex-encodes every byte a followed stream receives, so this is on the hot path
/// (no String, no allocation per byte).
enum HexDigits {
    /// Both digits of each byte as one 16-bit value whose bytes in memory are the two digits
    /// in order (little-endian: the first digit in the low byte).
    private static let pairs: [UInt16] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef".utf8)
        let high = UInt16(digits[byte >> 4]), low = UInt16(digits[byte & 0x0F])
        return (high | low << 8).littleEndian
    }

    /// Writes `2 * bytes.count` hex digits at `out`, which must have room for them.
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) {
        guard let base = bytes.baseAddress else { return }
        pairs.withUnsafeBufferPointer { table in
            guard let table = table.baseAddress else { return }
            for index in 0..<bytes.count {
                let pair = table[Int(base.load(fromByteOffset: index, as: UInt8.self))]
                out.storeBytes(of: pair, toByteOffset: 2 * index, as: UInt16.self)
            }
        }
    }

    /// The hex digits of `bytes`, as text.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
            guard let start = out.baseAddress else { return 0 }
            encode(bytes, into: UnsafeMutableRawPointer(start))
            return 2 * bytes.count
        }
    }
}
