import Inspector

/// The second-to-last row: the prompt while typing, otherwise the last message. A file that
/// lost a write (a full disk) is named at its right end for as long as the session runs:
/// later messages must not push that out of sight.
enum StatusLine {
    /// Draws the row; returns where the cursor goes when a prompt is open.
    static func draw(_ canvas: inout Canvas, _ rect: Rect, view: ViewState, lostWrites: [LostWrite] = []) -> CursorPosition? {
        canvas.fill(rect, with: .blank)
        let prefix: String
        switch view.mode {
        case .command: prefix = ":"
        case .find: prefix = "find (text or hex:…): "
        case .goto: prefix = "go to offset: "
        case .confirm(.quit(let streams, let listeners)):
            let open = [streams > 0 ? HumanText.count(streams, "open stream") : nil,
                        listeners > 0 ? HumanText.count(listeners, "listener") : nil].compactMap { $0 }
            canvas.put("Quit and close \(open.joined(separator: " and "))? y/n", x: rect.x, y: rect.y, role: .warning, limit: rect.width)
            return nil
        case .confirm(.abort(let row)):
            canvas.put("Abort \(HostRow.describe(row))? y/n", x: rect.x, y: rect.y, role: .warning, limit: rect.width)
            return nil
        case .confirm(.abortStream):
            canvas.put("Abort the attached stream's connection? Its owner's next call fails with ECONNABORTED. y/n",
                       x: rect.x, y: rect.y, role: .warning, limit: rect.width)
            return nil
        case .confirm(.allowWrite):
            canvas.put("Allow read, follow, send, shutdown, set and error on the attached stream? They act on its owner's socket. y/n",
                       x: rect.x, y: rect.y, role: .warning, limit: rect.width)
            return nil
        case .confirm(.close(let id)):
            canvas.put("Close \(id)? y/n", x: rect.x, y: rect.y, role: .warning, limit: rect.width)
            return nil
        case .normal, .editOption, .help, .logEntry:
            var width = rect.width
            let lost = LostWrite.summary(lostWrites)
            if !lost.isEmpty {
                let tag = String(lost.unicodeScalars.prefix(rect.width))
                let x = rect.maxX - tag.unicodeScalars.count
                canvas.put(tag, x: x, y: rect.y, role: .error)
                width = max(0, x - rect.x - 2)
            }
            canvas.put(view.status, x: rect.x, y: rect.y, role: view.statusIsError ? .error : .normal, limit: width)
            return nil
        }
        let width = rect.width - prefix.unicodeScalars.count
        let (text, cursor) = view.editor.window(width: max(1, width))
        canvas.put(prefix, x: rect.x, y: rect.y, role: .prompt)
        canvas.put(text, x: rect.x + prefix.unicodeScalars.count, y: rect.y, role: .normal, limit: width)
        return CursorPosition(x: rect.x + prefix.unicodeScalars.count + cursor, y: rect.y)
    }
}
