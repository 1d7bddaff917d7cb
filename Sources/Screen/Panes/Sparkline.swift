/// A tiny chart of recent values in one row of cells: `▁▂▃▅▇`, or `_.-=#` without UTF-8.
enum Sparkline {
    static let blocks: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let ascii: [Unicode.Scalar] = ["_", ".", "-", "-", "=", "=", "#", "#"]

    static func render(_ values: [Double], width: Int, unicode: Bool) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let shown = values.suffix(width)
        let top = shown.max() ?? 0
        let glyphs = unicode ? blocks : ascii
        var out = String.UnicodeScalarView()
        for v in shown {
            let level = top <= 0 ? 0 : min(glyphs.count - 1, Int((v / top) * Double(glyphs.count - 1) + 0.5))
            out.append(glyphs[level])
        }
        return String(out)
    }
}
