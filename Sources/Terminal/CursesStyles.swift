import CCurses
import CNcursesw
import Screen

/// The palette as ncurses wants it: for each role, attribute bits and a colour-pair number.
///
/// Building it calls `init_pair`, so it belongs to a running `TerminalScreen`. Roles that share
/// colours share a pair; pair 0 is the terminal's defaults and needs no `init_pair`.
struct CursesStyles {
    struct Entry {
        var attributes: attr_t
        var pair: Int16
    }

    private var entries: [Entry]

    /// - Parameter defaultColors: whether `use_default_colors()` succeeded; without it `.default`
    ///   becomes white on black, the closest thing curses then has.
    init(palette: Palette, defaultColors: Bool, pairLimit: Int) {
        var pairs: [ColorKey: Int16] = [:]
        var entries: [Entry] = []
        entries.reserveCapacity(Role.allCases.count)
        for role in Role.allCases {
            let style = palette.style(for: role)
            var pair: Int16 = 0
            if palette.mode != .monochrome {
                let key = ColorKey(
                    foreground: CursesStyles.colorNumber(style.foreground, foreground: true, defaultColors: defaultColors),
                    background: CursesStyles.colorNumber(style.background, foreground: false, defaultColors: defaultColors))
                if key != ColorKey(foreground: -1, background: -1) {
                    if let known = pairs[key] {
                        pair = known
                    } else if pairs.count + 1 < pairLimit {
                        pair = Int16(pairs.count + 1)
                        pairs[key] = pair
                        init_pair(pair, key.foreground, key.background)
                    }
                }
            }
            entries.append(Entry(attributes: CursesStyles.attributeBits(style.attributes), pair: pair))
        }
        self.entries = entries
    }

    subscript(role: Role) -> Entry {
        let index = Int(role.rawValue)
        return index < entries.count ? entries[index] : Entry(attributes: tcs_a_normal(), pair: 0)
    }

    private struct ColorKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    private static func colorNumber(_ color: TerminalColor, foreground: Bool, defaultColors: Bool) -> Int16 {
        switch color {
        case .default:
            if defaultColors { return -1 }
            return Int16(foreground ? COLOR_WHITE : COLOR_BLACK)
        case .black: return Int16(COLOR_BLACK)
        case .red: return Int16(COLOR_RED)
        case .green: return Int16(COLOR_GREEN)
        case .yellow: return Int16(COLOR_YELLOW)
        case .blue: return Int16(COLOR_BLUE)
        case .magenta: return Int16(COLOR_MAGENTA)
        case .cyan: return Int16(COLOR_CYAN)
        case .white: return Int16(COLOR_WHITE)
        case .indexed(let n): return Int16(n)
        }
    }

    private static func attributeBits(_ attributes: TextAttributes) -> attr_t {
        var bits = tcs_a_normal()
        if attributes.contains(.bold) { bits |= tcs_a_bold() }
        if attributes.contains(.dim) { bits |= tcs_a_dim() }
        if attributes.contains(.reverse) { bits |= tcs_a_reverse() }
        if attributes.contains(.underline) { bits |= tcs_a_underline() }
        if attributes.contains(.standout) { bits |= tcs_a_standout() }
        return bits
    }
}
