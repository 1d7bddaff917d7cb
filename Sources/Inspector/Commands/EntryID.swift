/// A stream's short name in a session: `s1`, `s2`, ... Numbers start at 1 and are never reused,
/// so an id in a log or a script always means the same stream.
public struct StreamID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let number: Int

    public init(_ n: Int) { number = n }

    public var description: String { "s\(number)" }

    public static func < (a: StreamID, b: StreamID) -> Bool { a.number < b.number }
}

/// A listener's short name in a session: `l1`, `l2`, ...
public struct ListenerID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let number: Int

    public init(_ n: Int) { number = n }

    public var description: String { "l\(number)" }

    public static func < (a: ListenerID, b: ListenerID) -> Bool { a.number < b.number }
}

/// Anything a command can be aimed at: a stream or a listener.
public enum EntryID: Hashable, Sendable, CustomStringConvertible {
    case stream(StreamID)
    case listener(ListenerID)

    /// Parses `s3` or `l1` (either letter case): `s` or `l` and a decimal number from 1, written
    /// without leading zeros so that every id has exactly one spelling.
    public init?(_ text: String) {
        guard let id = try? EntryID.parsing(text) else { return nil }
        self = id
    }

    public var description: String {
        switch self {
        case .stream(let id): id.description
        case .listener(let id): id.description
        }
    }

    /// What `expected` says whenever an id was wanted.
    static let expectedForm = "an id such as s2 or l1"

    /// Like `init?(_:)`, but says what is wrong, for error messages.
    static func parsing(_ text: String) throws(TextFault) -> EntryID {
        let bytes = Array(text.utf8)
        let quoted = MessageText.quoted(text)
        guard let letter = bytes.first,
              letter | 0x20 == UInt8(ascii: "s") || letter | 0x20 == UInt8(ascii: "l"),
              bytes.count > 1, bytes.dropFirst().allSatisfy(ASCII.isDigit)
        else {
            throw TextFault("\(quoted) is not an id", expected: expectedForm)
        }
        if bytes[1] == UInt8(ascii: "0") {
            let why = bytes.count == 2 ? "numbers start at 1" : "no leading zeros"
            throw TextFault("\(quoted) is not an id: \(why)", expected: expectedForm)
        }
        guard case .value(let number) = DecimalText.parse(bytes.dropFirst()) else {
            throw TextFault("\(quoted) is not an id: the number is too large", expected: expectedForm)
        }
        return letter | 0x20 == UInt8(ascii: "s") ? .stream(StreamID(number)) : .listener(ListenerID(number))
    }
}
