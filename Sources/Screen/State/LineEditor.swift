/// A one-line text field: the `:` prompt, find, and editing an option in place. Keeps a cursor,
/// history (up/down) and the usual editing keys of a shell.
public struct LineEditor: Sendable, Hashable {
    public private(set) var scalars: [Unicode.Scalar] = []
    public private(set) var cursor = 0
    /// Earlier entries, oldest first.
    public private(set) var history: [String] = []
    private var historyIndex: Int?
    private var draft: [Unicode.Scalar] = []

    /// The most text a line takes: a paste larger than this is cut, and says so.
    public static let limit = 65_536

    public init(text: String = "") {
        set(text)
    }

    public var text: String { String(String.UnicodeScalarView(scalars)) }

    public mutating func set(_ text: String) {
        scalars = Array(text.unicodeScalars.prefix(LineEditor.limit))
        cursor = scalars.count
        historyIndex = nil
    }

    /// Inserts typed or pasted text at the cursor. Returns false if some was cut at the limit.
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        let room = LineEditor.limit - scalars.count
        let new = Array(text.unicodeScalars.prefix(max(0, room)))
        scalars.insert(contentsOf: new, at: cursor)
        cursor += new.count
        return new.count == text.unicodeScalars.count
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        scalars.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < scalars.count else { return }
        scalars.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(scalars.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = scalars.count }

    /// ctrl-u: delete from the start to the cursor.
    public mutating func deleteToStart() {
        scalars.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// ctrl-k: delete from the cursor to the end.
    public mutating func deleteToEnd() {
        scalars.removeSubrange(cursor...)
    }

    /// ctrl-w: delete the word before the cursor.
    public mutating func deleteWord() {
        var start = cursor
        while start > 0, scalars[start - 1] == " " { start -= 1 }
        while start > 0, scalars[start - 1] != " " { start -= 1 }
        scalars.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Replaces the last word (for Tab completion).
    public mutating func replaceLastWord(with word: String) {
        var start = cursor
        while start > 0, scalars[start - 1] != " " { start -= 1 }
        scalars.replaceSubrange(start..<cursor, with: Array(word.unicodeScalars))
        cursor = start + word.unicodeScalars.count
    }

    /// Keeps `entry` in the history (not twice in a row, at most 500).
    public mutating func remember(_ entry: String) {
        guard !entry.isEmpty, history.last != entry else { return }
        history.append(entry)
        if history.count > 500 { history.removeFirst(history.count - 500) }
    }

    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        if historyIndex == nil { draft = scalars }
        let index = max(0, (historyIndex ?? history.count) - 1)
        historyIndex = index
        scalars = Array(history[index].unicodeScalars)
        cursor = scalars.count
    }

    public mutating func historyNext() {
        guard let index = historyIndex else { return }
        if index + 1 >= history.count {
            historyIndex = nil
            scalars = draft
        } else {
            historyIndex = index + 1
            scalars = Array(history[index + 1].unicodeScalars)
        }
        cursor = scalars.count
    }

    /// The visible part of the line in `width` cells, and where the cursor falls in it.
    public func window(width: Int) -> (text: String, cursor: Int) {
        guard width > 1 else { return ("", 0) }
        let start = max(0, cursor - (width - 1))
        let end = min(scalars.count, start + width)
        return (String(String.UnicodeScalarView(scalars[start..<end])), cursor - start)
    }
}
