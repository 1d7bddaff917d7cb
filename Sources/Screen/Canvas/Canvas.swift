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
        let props = scalar.properties
        switch props.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .nonspacingMark, .enclosingMark, .spacingMark, .lineSeparator, .paragraphSeparator:
            return "?"
        default:
            break
        }
        if isWide(v) { return "?" }
        return scalar
    }

    /// East Asian wide and fullwidth ranges, emoji included: these take two terminal columns.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
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
