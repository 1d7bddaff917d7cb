/// A paste (bracketed by the terminal) is text, whatever it holds: it never ends a prompt,
/// answers a question or runs a key's command.
extension Interaction {
    mutating func paste(_ pasted: String) -> [Effect] {
        let text = PastedText.line(pasted)
        guard !text.isEmpty else { return [] }
        switch view.mode {
        case .command, .find, .goto, .editOption:
            if !view.editor.insert(text) { say("the line is full (\(LineEditor.limit) characters)", error: true) }
        case .normal:
            // A terminal too small for the screen shows no prompt either: nothing to paste into.
            guard layout != nil else { break }
            // Nothing runs: the text waits in the command prompt for Enter, or Esc to drop it.
            openPrompt(.command)
            let whole = view.editor.insert(text)
            say(whole ? "pasted: Enter runs it, Esc drops it" : "the line is full (\(LineEditor.limit) characters)", error: !whole)
        case .confirm, .help, .logEntry:
            // Not an answer and not a key: the question, the help or the Log line stays as it was.
            break
        }
        return []
    }
}
