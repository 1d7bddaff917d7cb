/// The terminal's size in character cells.
public struct TerminalSize: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// "80x24", the way terminal sizes are usually written.
    public var description: String { "\(width)x\(height)" }
}
