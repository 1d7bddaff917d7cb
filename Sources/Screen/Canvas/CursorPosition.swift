/// A cell where the hardware cursor should blink, such as the end of the `:` prompt's text.
public struct CursorPosition: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
