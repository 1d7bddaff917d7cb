import TcpModel

/// JSON built straight into bytes: for output of tens of thousands of objects (`tcpscope
/// sockets --json`), where appending to a String costs more than everything else. Produces the
/// same text `JSONLine` does.
public struct JSONBytes {
    public var bytes: [UInt8] = []
    private var first = true

    public init() {}

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Byte by byte: an array literal here would be an allocation per key.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) {
        var plain = true
        for byte in value.utf8 where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
        } else {
            var escaped = ""
            JSONLine.appendString(value, to: &escaped)
            bytes.append(contentsOf: escaped.utf8)
        }
    }

    mutating func number(_ value: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// An address as a string, the same text as its `description`; IPv4 written digit by digit,
    /// since a listing writes two per socket.
    mutating func address(_ value: SocketAddress) {
        guard case .v4(let ip, let port) = value else {
            string(value.description)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for shift in stride(from: UInt32(24), through: 0, by: -8) {
            number(UInt64(ip.value >> shift & 0xFF))
            bytes.append(shift == 0 ? UInt8(ascii: ":") : UInt8(ascii: "."))
        }
        number(UInt64(port))
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func null() {
        let text: StaticString = "null"
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Seconds with six decimals, as `JSONLine.field(_:seconds:)` writes them.
    mutating func seconds(_ value: Duration?) {
        guard let value else { null(); return }
        let micros = value.wholeMicroseconds
        if micros < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = UInt64(micros.magnitude)
        number(magnitude / 1_000_000)
        bytes.append(UInt8(ascii: "."))
        let fraction = magnitude % 1_000_000
        var scale: UInt64 = 100_000
        while scale > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / scale % 10))
            scale /= 10
        }
    }

    mutating func optional(_ value: UInt64?) {
        if let value { number(value) } else { null() }
    }
}
