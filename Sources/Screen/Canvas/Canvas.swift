/// A grid of cells that the view draws into and that tests read back as text.
///
/// Every write is clipped to the grid, and every scalar is made safe for a terminal first
/// (`Canvas.displayable`), so no caller can put a control byte or an escape sequence on screen.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = Cell(Canvas.displayable(newValue.scalar), role: newValue.role)
        }
    }

    /// Writes `text` from (x, y) rightwards, stopping at `limit` cells or the grid's edge.
    /// Returns the number of cells written.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, x + (limit ?? width))
        var col = x
        for scalar in text.unicodeScalars {
            if col >= end { break }
            if col >= 0 {
                cells[y * width + col] = Cell(Canvas.displayable(scalar), role: role)
            }
            col += 1
        }
        return max(0, col - max(x, 0))
    }

    /// Fills a rectangle with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let safe = Cell(Canvas.displayable(cell.scalar), role: cell.role)
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { cells[y * width + x] = safe }
        }
    }

    /// Sets the role of every cell in a rectangle, keeping the characters (used for highlights).
    public mutating func paint(_ rect: Rect, role: Role) {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { cells[y * width + x].role = role }
        }
    }

    /// Row `y` as plain text (trailing spaces kept), for tests and text captures.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = String.UnicodeScalarView()
        for x in 0..<width { s.append(cells[y * width + x].scalar) }
        return String(s)
    }

    /// The whole grid as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<height).map { line($0).trimmingTrailingSpaces() }.joined(separator: "\n")
    }

    /// A scalar that is safe to hand to a terminal as one cell: printable and single-width.
    /// Control characters (C0, DEL, C1), which is where escape sequences start, become `.`;
    /// combining, zero-width, wide and unassigned scalars become `?` so the grid stays aligned.
    public static func displayable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return "." }
        if v < 0x7F { return scalar }
        // Box drawing and block elements: every pane border and sparkline, thousands of cells a
        // frame, all assigned, single-width symbols. Skips the Unicode property lookup.
        if (0x2500...0x259F).contains(v) { return scalar }
        let props = scalar.properties
        switch props.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .nonspacingMark, .enclosingMark, .spacingMark, .lineSeparator, .paragraphSeparator:
            return "?"
        default:
            break
        }
        if isWide(v) || isZeroWidth(v) { return "?" }
        return scalar
    }

    /// East Asian wide and fullwidth ranges, emoji included: these take two terminal columns.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        // Symbols drawn as emoji (watch, hot beverage, check and cross marks, star, ...), Yijing
        // signs, Hangul Jamo Extended-A, vertical and small form punctuation.
        case 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE, 0x2614...0x2615,
             0x2630...0x2637, 0x2648...0x2653, 0x267F, 0x268A...0x268F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD,
             0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0,
             0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x4DC0...0x4DFF, 0xA960...0xA97F, 0xFE10...0xFE19,
             0xFE50...0xFE6F:
            return true
        // Tangut, Khitan, kana supplements, Nushu, Tai Xuan Jing and counting rods, and the emoji
        // outside the blocks above (mahjong, enclosed ideographs, transport, shapes, pictographs).
        case 0x16FE0...0x18DFF, 0x1AFF0...0x1B2FF, 0x1D300...0x1D378, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
             0x1F200...0x1F2FF, 0x1F680...0x1F6C5, 0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6DF, 0x1F6EB...0x1F6EC,
             0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7F0, 0x1FA70...0x1FAFF:
            return true
        default:
            return false
        }
    }

    /// Hangul vowels and final consonants that join the syllable before them: no column of their own.
    static func isZeroWidth(_ v: UInt32) -> Bool {
        (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v)
    }
}

extension StringProtocol {
    func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            if self[before] != " " { break }
            end = before
        }
        return String(self[startIndex..<end])
    }
}
