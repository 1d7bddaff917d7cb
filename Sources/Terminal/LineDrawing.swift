/// How box-drawing and other non-ASCII scalars of a `Canvas` reach the terminal.
public enum LineDrawing: Sendable, Equatable, CustomStringConvertible {
    /// The locale is UTF-8: every scalar is sent as itself.
    case unicode
    /// Lines come from the terminal's alternate character set (curses' WACS_*); other non-ASCII
    /// scalars become "?". For terminals that draw ACS lines but cannot take UTF-8.
    case alternateCharset
    /// Plain ASCII: lines become "-", "|" and "+", other non-ASCII scalars become "?".
    case ascii

    /// UTF-8 locales get Unicode; any other locale gets ASCII, which every terminal and every
    /// capture shows the same way, instead of bytes that the locale cannot encode.
    public static func forLocale(isUTF8: Bool) -> LineDrawing {
        isUTF8 ? .unicode : .ascii
    }

    public var description: String {
        switch self {
        case .unicode: return "unicode"
        case .alternateCharset: return "alternate character set"
        case .ascii: return "ascii"
        }
    }
}

/// A line piece that a Canvas draws with a box-drawing scalar, named after curses' WACS_* glyph
/// it becomes on a terminal that cannot take UTF-8.
enum LineGlyph: CaseIterable {
    case hline, vline, ulcorner, urcorner, llcorner, lrcorner, ltee, rtee, ttee, btee, plus

    /// Light, heavy, double, rounded and dashed forms all collapse to one glyph: a non-UTF-8
    /// terminal has only one weight of line.
    init?(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x2500, 0x2501, 0x2550, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D: self = .hline
        case 0x2502, 0x2503, 0x2551, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F: self = .vline
        case 0x250C, 0x250F, 0x2554, 0x256D: self = .ulcorner
        case 0x2510, 0x2513, 0x2557, 0x256E: self = .urcorner
        case 0x2514, 0x2517, 0x255A, 0x2570: self = .llcorner
        case 0x2518, 0x251B, 0x255D, 0x256F: self = .lrcorner
        case 0x251C, 0x2523, 0x2560: self = .ltee
        case 0x2524, 0x252B, 0x2563: self = .rtee
        case 0x252C, 0x2533, 0x2566: self = .ttee
        case 0x2534, 0x253B, 0x2569: self = .btee
        case 0x253C, 0x254B, 0x256C: self = .plus
        default: return nil
        }
    }

    /// The ASCII stand-in, as terminals drew boxes before line drawing existed.
    var ascii: Unicode.Scalar {
        switch self {
        case .hline: return "-"
        case .vline: return "|"
        default: return "+"
        }
    }
}
