import Screen

/// The test page `tcpscope check-terminal` draws: a box, a line of non-ASCII text, what the
/// terminal reported, and a sample of every role in its style. Looking at it (or capturing it)
/// answers whether UTF-8, line drawing, colours and keys work before the real UI is blamed.
///
/// Rendering is pure, so the page also documents how a view draws onto a `Canvas`.
public struct TerminalCheckPage: Sendable {
    /// The line that shows at a glance whether UTF-8 and box drawing arrive intact.
    public static let unicodeProbe = "tcpscope terminal check — ünïcödé ✓ ─│┌┐"

    public var size: TerminalSize
    public var localeName: String
    public var codeset: String
    public var isUTF8: Bool
    public var colorCount: Int
    public var colorMode: ColorMode
    public var noColorRequested: Bool
    public var lineDrawing: LineDrawing
    /// The most recent key, shown when the page is used to test keys.
    public var lastKey: Key?
    /// How many keys were pressed, so repeating one key visibly changes the page.
    public var keyCount: Int
    /// What ends the check, shown at the bottom.
    public var exitHint: String

    /// A page describing `screen` as it is now.
    public init(screen: TerminalScreen, exitHint: String = "press any key to exit") {
        size = screen.size
        localeName = screen.localeName
        codeset = screen.codeset
        isUTF8 = screen.isUTF8
        colorCount = screen.colorCount
        colorMode = screen.colorMode
        noColorRequested = screen.noColorRequested
        lineDrawing = screen.lineDrawing
        lastKey = nil
        keyCount = 0
        self.exitHint = exitHint
    }

    /// The page at `size`.
    public func render() -> Canvas {
        var canvas = Canvas(width: size.width, height: size.height)
        let frame = canvas.bounds
        TerminalCheckPage.drawBox(&canvas, frame, role: .border)
        canvas.put(" check-terminal ", x: 2, y: 0, role: .title, limit: max(0, frame.width - 4))

        let inner = frame.inset(by: 1)
        let left = inner.x + 1
        let width = max(0, inner.width - 2)
        var y = inner.y
        func line(_ text: String, role: Role = .normal) {
            guard y < inner.maxY else { return }
            canvas.put(text, x: left, y: y, role: role, limit: width)
            y += 1
        }

        line(TerminalCheckPage.unicodeProbe)
        line("size: \(size)")
        line("locale: \(localeName) (\(codeset)), UTF-8: \(isUTF8 ? "yes" : "no")")
        let colourNote = noColorRequested ? " (NO_COLOR)" : ""
        line("colours: \(colorCount), using \(colorMode)\(colourNote)")
        line("lines: \(lineDrawing)")
        if let lastKey {
            line("last key: \(lastKey)  (keys: \(keyCount))", role: .prompt)
        }

        if y < inner.maxY {
            TerminalCheckPage.drawRule(&canvas, y: y, from: frame.x, to: frame.maxX - 1, role: .border)
            y += 1
        }
        line("roles:", role: .header)
        y = flowRoleSamples(into: &canvas, x: left, y: y, width: width, bottom: inner.maxY - 1)

        if inner.height >= 2 {
            canvas.put(exitHint, x: left, y: inner.maxY - 1, role: .dim, limit: width)
        }
        return canvas
    }

    /// Every role's name in its own style, filling lines left to right. Returns the next free row.
    private func flowRoleSamples(into canvas: inout Canvas, x: Int, y: Int, width: Int, bottom: Int) -> Int {
        var row = y
        var column = 0
        for role in Role.allCases {
            let name = String(describing: role)
            if column > 0 && column + name.count > width {
                row += 1
                column = 0
            }
            guard row < bottom else { return row }
            canvas.put(name, x: x + column, y: row, role: role, limit: width - column)
            column += name.count + 2
        }
        return row + 1
    }

    private static func drawBox(_ canvas: inout Canvas, _ rect: Rect, role: Role) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for x in rect.x + 1..<right {
            canvas[x, rect.y] = Cell("─", role: role)
            canvas[x, bottom] = Cell("─", role: role)
        }
        for y in rect.y + 1..<bottom {
            canvas[rect.x, y] = Cell("│", role: role)
            canvas[right, y] = Cell("│", role: role)
        }
        canvas[rect.x, rect.y] = Cell("┌", role: role)
        canvas[right, rect.y] = Cell("┐", role: role)
        canvas[rect.x, bottom] = Cell("└", role: role)
        canvas[right, bottom] = Cell("┘", role: role)
    }

    /// A horizontal rule joined to the box's sides.
    private static func drawRule(_ canvas: inout Canvas, y: Int, from left: Int, to right: Int, role: Role) {
        guard right > left else { return }
        for x in left + 1..<right { canvas[x, y] = Cell("─", role: role) }
        canvas[left, y] = Cell("├", role: role)
        canvas[right, y] = Cell("┤", role: role)
    }
}
