import CCurses
import CNcursesw
import Screen

/// Copies `Canvas` frames to the terminal, sending only the cells that changed since the
/// previous frame.
///
/// ncurses already diffs its own buffers against the screen; diffing canvases first keeps the
/// per-frame cost to the cells that changed rather than a `setcchar` for every cell. Each cell is
/// written as a wide character (`mvwadd_wch`), so UTF-8 works, and box-drawing scalars become
/// ASCII or alternate-charset lines when the locale cannot take UTF-8.
public final class CanvasPresenter {
    private let screen: TerminalScreen
    private var previous: Canvas?
    private var previousSize: TerminalSize?
    private var clearNext = false
    private var cursorVisible = false

    public init(screen: TerminalScreen) {
        self.screen = screen
    }

    /// Makes the next `present` repaint every cell and clear the physical screen first, for a
    /// redraw request (ctrl-l) after something else wrote to the terminal.
    public func invalidate() {
        previous = nil
        clearNext = true
    }

    /// Shows `canvas`, with the hardware cursor at `cursor` (for a prompt) or hidden when nil.
    ///
    /// A canvas of a different size than the last one, or a terminal whose size changed, is
    /// repainted in full; cells outside the terminal are clipped, terminal cells outside the
    /// canvas are left blank.
    public func present(_ canvas: Canvas, cursor: CursorPosition? = nil) {
        guard screen.isActive else { return }
        let window = screen.window
        let size = screen.size
        let full = previous == nil || previousSize != size
            || previous?.width != canvas.width || previous?.height != canvas.height
        if full {
            // After a resize the physical screen may hold a reflowed copy of the old frame, so
            // repaint from a cleared screen rather than trust ncurses' idea of it.
            if clearNext || previousSize != size { clearok(window, true) }
            werase(window)
        }

        let rows = min(canvas.height, size.height)
        let columns = min(canvas.width, size.width)
        // The cell arrays themselves, row by row: the previous canvas has the same width
        // unless this is a full repaint. (Per-cell subscripts with their bounds checks were a
        // visible part of a frame's cost while a stream scrolls the hexdump.)
        let old = full ? nil : previous?.cells
        let cells = canvas.cells
        var cell = cchar_t()
        for y in 0..<max(0, rows) {
            let row = y * canvas.width
            for x in 0..<max(0, columns) {
                let new = cells[row + x]
                if let old, old[row + x] == new { continue }
                compose(new, into: &cell)
                mvwadd_wch(window, Int32(y), Int32(x), &cell)
            }
        }

        placeCursor(cursor, size: size)
        wnoutrefresh(window)
        doupdate()
        previous = canvas
        previousSize = size
        clearNext = false
    }

    private func placeCursor(_ cursor: CursorPosition?, size: TerminalSize) {
        let wanted = cursor.map { $0.x >= 0 && $0.y >= 0 && $0.x < size.width && $0.y < size.height } ?? false
        if let cursor, wanted {
            wmove(screen.window, Int32(cursor.y), Int32(cursor.x))
        }
        // curs_set sends an escape sequence each time; send one only on a change.
        if wanted != cursorVisible {
            curs_set(wanted ? 1 : 0)
            cursorVisible = wanted
        }
    }

    /// The curses form of one cell: its scalar as the locale allows, in its role's style.
    private func compose(_ cell: Cell, into result: inout cchar_t) {
        let style = screen.styles[cell.role]
        var scalar = cell.scalar
        if scalar.value >= 0x80 {
            switch screen.lineDrawing {
            case .unicode:
                break
            case .ascii:
                scalar = LineGlyph(scalar)?.ascii ?? "?"
            case .alternateCharset:
                if let glyph = LineGlyph(scalar), composeAlternate(glyph, style: style, into: &result) {
                    return
                }
                scalar = LineGlyph(scalar)?.ascii ?? "?"
            }
        }
        var text: (wchar_t, wchar_t) = (wchar_t(bitPattern: scalar.value), 0)
        withUnsafePointer(to: &text) { pair in
            pair.withMemoryRebound(to: wchar_t.self, capacity: 2) { wide in
                _ = setcchar(&result, wide, style.attributes, style.pair, nil)
            }
        }
    }

    /// The glyph from the terminal's alternate character set, keeping its A_ALTCHARSET bit and
    /// adding the role's style. False if ncurses has no such glyph.
    private func composeAlternate(_ glyph: LineGlyph, style: CursesStyles.Entry, into result: inout cchar_t) -> Bool {
        guard let source = CanvasPresenter.alternate(glyph) else { return false }
        var wide: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (0, 0, 0, 0, 0, 0)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        let ok = withUnsafeMutablePointer(to: &wide) { storage in
            storage.withMemoryRebound(to: wchar_t.self, capacity: 6) { chars in
                guard getcchar(source, chars, &attributes, &pair, nil) == OK else { return false }
                return setcchar(&result, chars, attributes | style.attributes, style.pair, nil) == OK
            }
        }
        return ok
    }

    private static func alternate(_ glyph: LineGlyph) -> UnsafePointer<cchar_t>? {
        switch glyph {
        case .hline: return tcs_wacs_hline()
        case .vline: return tcs_wacs_vline()
        case .ulcorner: return tcs_wacs_ulcorner()
        case .urcorner: return tcs_wacs_urcorner()
        case .llcorner: return tcs_wacs_llcorner()
        case .lrcorner: return tcs_wacs_lrcorner()
        case .ltee: return tcs_wacs_ltee()
        case .rtee: return tcs_wacs_rtee()
        case .ttee: return tcs_wacs_ttee()
        case .btee: return tcs_wacs_btee()
        case .plus: return tcs_wacs_plus()
        }
    }
}
