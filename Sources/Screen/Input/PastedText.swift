/// What a paste puts in a one-line prompt. The prompt holds one line and draws no control
/// characters, and nothing pasted may act as a key: each line break (CR, LF or CR LF) and tab
/// becomes one space, and every other control character (BEL, Escape, DEL, C1) is dropped.
public enum PastedText {
    public static func line(_ pasted: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasCR = false
        for scalar in pasted.unicodeScalars {
            defer { lastWasCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A where lastWasCR:
                continue
            case 0x0D, 0x0A, 0x09:
                out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F:
                continue
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}
