/// The SGR state of one cell in a `capture-pane -e` screen.
struct CellStyle: Equatable, CustomStringConvertible {
    /// The foreground as its SGR parameters ("31", "38;5;213"), nil for the default.
    var foreground: String?
    /// The background likewise.
    var background: String?
    /// Attribute codes in force (1 bold, 2 dim, 4 underline, 7 reverse, ...).
    var attributes: Set<Int> = []

    var hasColor: Bool { foreground != nil || background != nil }

    var description: String {
        "fg=\(foreground ?? "default") bg=\(background ?? "default") attrs=\(attributes.sorted())"
    }
}

/// A captured screen with every character's style, decoded from the SGR sequences of
/// `tmux capture-pane -e`. tmux writes only the changes between cells, and styles carry over from
/// one line to the next, so the whole capture is decoded in order.
struct StyledScreen {
    private(set) var lines: [[(character: Character, style: CellStyle)]] = [[]]

    init(_ capture: String) {
        var style = CellStyle()
        var scalars = Array(capture.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if scalar == "\u{1B}" {
                StyledScreen.consumeEscape(&scalars, into: &style)
            } else if scalar == "\n" {
                lines.append([])
            } else {
                lines[lines.count - 1].append((Character(scalar), style))
            }
        }
    }

    /// The plain text of row `y`.
    func text(ofLine y: Int) -> String {
        y < lines.count ? String(lines[y].map(\.character)) : ""
    }

    /// The style of the first character of the first occurrence of `word`, searching rows in order.
    func style(of word: String) -> CellStyle? {
        for line in lines {
            let text = String(line.map(\.character))
            guard let range = text.range(of: word) else { continue }
            return line[text.distance(from: text.startIndex, to: range.lowerBound)].style
        }
        return nil
    }

    /// Every style used on the screen.
    var allStyles: [CellStyle] {
        var seen: [CellStyle] = []
        for cell in lines.joined() where !seen.contains(cell.style) { seen.append(cell.style) }
        return seen
    }

    /// Skips one escape sequence, applying it if it is SGR (`ESC [ ... m`).
    private static func consumeEscape(_ scalars: inout ArraySlice<Unicode.Scalar>, into style: inout CellStyle) {
        guard scalars.first == "[" else {
            _ = scalars.popFirst()  // a two-character escape
            return
        }
        _ = scalars.popFirst()
        var parameters = ""
        while let next = scalars.popFirst() {
            if (0x40...0x7E).contains(next.value) {
                if next == "m" { apply(parameters, to: &style) }
                return
            }
            parameters.unicodeScalars.append(next)
        }
    }

    private static func apply(_ parameters: String, to style: inout CellStyle) {
        let codes = parameters.split(separator: ";", omittingEmptySubsequences: false)
            .map { Int($0.replacingOccurrences(of: ":", with: "")) ?? 0 }
        var index = 0
        while index < codes.count {
            let code = codes[index]
            switch code {
            case 0: style = CellStyle()
            case 1...9: style.attributes.insert(code)
            case 21, 22: style.attributes.subtract([1, 2])
            case 23...29: style.attributes.remove(code - 20)
            case 30...37, 90...97: style.foreground = String(code)
            case 39: style.foreground = nil
            case 40...47, 100...107: style.background = String(code)
            case 49: style.background = nil
            case 38, 48:
                // 38;5;N (indexed) or 38;2;R;G;B (direct colour)
                let length = index + 1 < codes.count && codes[index + 1] == 2 ? 5 : 3
                let value = codes[index..<min(codes.count, index + length)].map(String.init).joined(separator: ";")
                if code == 38 { style.foreground = value } else { style.background = value }
                index += length - 1
            default: break
            }
            index += 1
        }
    }
}
