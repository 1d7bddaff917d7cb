/// `HOST:PORT` as `connect` and `listen` take it, checked for shape only: resolving names is
/// the session's job, when the command runs.
enum AddressText {
    static let expectedForm = "HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"

    /// A DNS name is at most this long (RFC 1035).
    private static let maximumHostLength = 253

    /// `HOST:PORT`, `[V6]:PORT` with the port written canonically (`080` becomes `80`).
    static func hostPort(_ text: String) throws(TextFault) -> String {
        let quoted = MessageText.quoted(text)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw TextFault("empty address", expected: expectedForm) }
        let host: String
        let portText: ArraySlice<UInt8>
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else {
                throw TextFault("\(quoted) has no closing ']'", expected: expectedForm)
            }
            let inside = bytes[1..<close]
            try checkIPv6(inside, quoted: quoted)
            guard close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: ":") else {
                throw TextFault("\(quoted) has no port", expected: expectedForm)
            }
            host = "[" + String(decoding: inside, as: UTF8.self) + "]"
            portText = bytes[(close + 2)...]
        } else {
            guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")) else {
                throw TextFault("\(quoted) has no port", expected: expectedForm)
            }
            let name = bytes[..<colon]
            guard !name.isEmpty else { throw TextFault("\(quoted) has no host", expected: expectedForm) }
            if name.contains(UInt8(ascii: ":")) {
                throw TextFault("\(quoted) needs brackets around its IPv6 address", expected: "[V6]:PORT, e.g. [::1]:8080")
            }
            try checkHostName(name, quoted: quoted)
            host = String(decoding: name, as: UTF8.self)
            portText = bytes[(colon + 1)...]
        }
        return host + ":" + String(try port(portText, in: quoted))
    }

    /// `[HOST:]PORT` for listening. A bare port means loopback, so that trying things out never
    /// opens a port to the network by accident; `*:PORT` is the explicit way to do that.
    static func listenAddress(_ text: String) throws(TextFault) -> String {
        let quoted = MessageText.quoted(text)
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.allSatisfy(ASCII.isDigit) {
            return "127.0.0.1:" + String(try port(bytes[...], in: quoted))
        }
        if bytes.first == UInt8(ascii: ":") {
            throw TextFault("\(quoted) has no host", expected: "PORT for loopback or *:PORT for all interfaces")
        }
        if bytes.starts(with: [UInt8(ascii: "*"), UInt8(ascii: ":")]) {
            return "0.0.0.0:" + String(try port(bytes.dropFirst(2), in: quoted))
        }
        return try hostPort(text)
    }

    private static func port(_ digits: ArraySlice<UInt8>, in quoted: String) throws(TextFault) -> Int {
        guard !digits.isEmpty else { throw TextFault("\(quoted) has no port", expected: expectedForm) }
        let portQuoted = MessageText.quoted(String(decoding: digits, as: UTF8.self))
        switch DecimalText.parse(digits) {
        case .value(let port) where port <= 65_535:
            return port
        case .value, .tooLarge:
            throw TextFault("port \(portQuoted) is out of range", expected: "0...65535")
        case .negative, .notANumber:
            throw TextFault("port \(portQuoted) is not a number", expected: "0...65535")
        }
    }

    /// Letters, digits, `-`, `_` and `.`: what DNS names and IPv4 addresses are made of.
    private static func checkHostName(_ name: ArraySlice<UInt8>, quoted: String) throws(TextFault) {
        guard name.count <= maximumHostLength else {
            throw TextFault("the host in \(quoted) is too long", expected: "at most \(maximumHostLength) characters")
        }
        for byte in name where !(ASCII.isLetter(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "-")
                                  || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")) {
            let host = MessageText.quoted(String(decoding: name, as: UTF8.self))
            throw TextFault("\(host) is not a host name or address", expected: expectedForm)
        }
    }

    /// Hex digits, `:` and `.` (for `::ffff:1.2.3.4`), and an optional `%zone`.
    private static func checkIPv6(_ inside: ArraySlice<UInt8>, quoted: String) throws(TextFault) {
        let percent = inside.firstIndex(of: UInt8(ascii: "%")) ?? inside.endIndex
        let address = inside[..<percent]
        let zone = inside[percent...].dropFirst()
        let addressIsValid = address.contains(UInt8(ascii: ":")) && address.count <= 45
            && address.allSatisfy { ASCII.hexValue($0) != nil || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        let zoneIsValid = percent == inside.endIndex || (!zone.isEmpty && zone.count <= 64
            && zone.allSatisfy { ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        guard addressIsValid, zoneIsValid else {
            throw TextFault("\(quoted) has no IPv6 address in its brackets", expected: expectedForm)
        }
    }
}
