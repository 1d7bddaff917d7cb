import Screen
import CCurses
import CNcursesw

/// Reads keys the user has already typed, without ever waiting for more.
///
/// Use it on the UI thread after `InputWaiter` reports input or an interruption: reading is also
/// how ncurses reports a resize (`.resize`), and it may redraw, so it is a curses call like any
/// other.
public final class KeyReader {
    private let screen: TerminalScreen
    /// A key read while looking for an Alt combination, handed out by the next call.
    private var pending: Key?
    /// The text of a bracketed paste whose end has not been read yet; nil outside a paste.
    private var pasted: String.UnicodeScalarView?
    /// When the open paste last gave a byte.
    private var lastPasteInput = ContinuousClock.now

    /// A terminal sends a paste in one burst. An open paste silent for this long has lost its
    /// end mark (a broken terminal, a cut connection): it is over, and keys are keys again.
    static let pasteSilence = Duration.seconds(1)

    /// The most scalars of a paste handed out as one `.paste`: a long paste comes in pieces, so
    /// that drawing is not held up while a megabyte of it is read.
    static let pasteChunk = 4096

    public init(screen: TerminalScreen) {
        self.screen = screen
    }

    /// The next key waiting, or nil when there is none (or the terminal was restored).
    public func next() -> Key? {
        if let key = pending {
            pending = nil
            return key
        }
        while true {
            guard let input = readInput() else { return takePaste() }
            if pasted != nil {
                if ContinuousClock.now - lastPasteInput > KeyReader.pasteSilence {
                    pasted = nil
                } else {
                    lastPasteInput = .now
                }
            }
            switch input {
            case .pasteStart:
                if pasted == nil { openPaste() }
                continue
            case .pasteEnd:
                let text = takePaste()
                pasted = nil
                if let text { return text }
                continue
            case .key(let key):
                guard pasted != nil else { return withAlt(key) }
                // A resize is not text: said after what the paste has so far. Other decoded
                // keys (an escape sequence inside the paste) have no text and are dropped.
                if key == .resize {
                    guard let text = takePaste() else { return .resize }
                    pending = .resize
                    return text
                }
            case .character(let scalar):
                guard pasted != nil else { return withAlt(KeyReader.decode(character: scalar.value)) }
                // As the terminal sent it: controls are judged by whoever takes the paste.
                pasted?.append(scalar)
                if let count = pasted?.count, count >= KeyReader.pasteChunk, let text = takePaste() { return text }
            }
        }
    }

    /// Alt+x reaches us as Escape then x, both already buffered; ncurses has waited the 25 ms
    /// Escape delay for them. A lone Escape has nothing behind it.
    private func withAlt(_ key: Key) -> Key {
        guard key == .escape else { return key }
        switch readInput() {
        case nil:
            return .escape
        case .character(let scalar)?:
            let next = KeyReader.decode(character: scalar.value)
            if case .character(let c) = next { return .alt(c) }
            pending = next
            return .escape
        case .key(let other)?:
            pending = other
            return .escape
        case .pasteStart?:
            openPaste()
            return .escape
        case .pasteEnd?:
            return .escape
        }
    }

    private func openPaste() {
        pasted = String.UnicodeScalarView()
        lastPasteInput = .now
    }

    /// What the open paste holds so far, as a key, leaving the paste open; nil when it is empty.
    private func takePaste() -> Key? {
        guard let text = pasted, !text.isEmpty else { return nil }
        pasted = String.UnicodeScalarView()
        return .paste(String(text))
    }

    /// Every key waiting now, in order.
    public func drain() -> [Key] {
        var keys: [Key] = []
        // Bounded so a flood of input cannot starve drawing; the rest is read next turn.
        while keys.count < 256, let key = next() {
            keys.append(key)
        }
        return keys
    }

    /// One thing read from the terminal: a character as sent (decoded into a key only outside
    /// a paste), a key curses decoded from an escape sequence, or a mark of bracketed paste.
    private enum Input {
        case character(Unicode.Scalar)
        case key(Key)
        case pasteStart, pasteEnd
    }

    private func readInput() -> Input? {
        guard screen.isActive else { return nil }
        var code: wint_t = 0
        switch wget_wch(screen.window, &code) {
        case OK:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return .key(.unknown(Int32(bitPattern: UInt32(code)))) }
            return .character(scalar)
        case KEY_CODE_YES:
            let keyCode = Int32(truncatingIfNeeded: code)
            if keyCode == BracketedPaste.startKey { return .pasteStart }
            if keyCode == BracketedPaste.endKey { return .pasteEnd }
            return .key(KeyReader.decode(keyCode: keyCode))
        default:
            return nil  // ERR: nothing typed (nodelay)
        }
    }

    /// A character the terminal sent as itself, control characters included.
    static func decode(character value: UInt32) -> Key {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter  // Enter is CR; ncurses' nl mode turns it into LF
        case 8, 127: return .backspace  // terminals disagree: ^H or DEL
        case 27: return .escape
        case 0: return .ctrl("@")
        case 1...26:
            return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 28...31:
            return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x40)))
        default:
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int32(bitPattern: value)) }
            return .character(Character(scalar))
        }
    }

    /// A key curses decoded from an escape sequence (KEY_CODE_YES).
    static func decode(keyCode: Int32) -> Key {
        switch keyCode {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_FIND: return .home  // some terminfo entries name Home "find"
        case KEY_END, KEY_SELECT: return .end
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        default:
            let f1 = tcs_key_f(1), f63 = tcs_key_f(63)
            if keyCode >= f1 && keyCode <= f63 {
                return .function(Int(keyCode - f1) + 1)
            }
            return .unknown(keyCode)
        }
    }
}
