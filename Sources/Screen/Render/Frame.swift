/// One drawn screen: the cells, and where the cursor blinks (nil hides it).
public struct Frame: Sendable {
    public var canvas: Canvas
    public var cursor: CursorPosition?
}
