/// Fitting text into a number of cells.
extension String {
    /// Cut to `width` cells with `…` when longer; padded with spaces when `pad`.
    func fitted(_ width: Int, pad: Bool = false) -> String {
        guard width > 0 else { return "" }
        let n = unicodeScalars.count
        if n > width {
            return String(String.UnicodeScalarView(unicodeScalars.prefix(width - 1))) + "…"
        }
        return pad ? self + String(repeating: " ", count: width - n) : self
    }

    /// Right-aligned in `width` cells.
    func rightAligned(_ width: Int) -> String {
        let n = unicodeScalars.count
        return n >= width ? fitted(width) : String(repeating: " ", count: width - n) + self
    }
}
