import Foundation
import TestSupport

/// What the UI fault tests share: the running tool's process, and the terminal state a hostile
/// byte or a dying process could leave changed.
enum FaultScreen {
    /// The terminal modes and title tmux keeps for the pane: the title, the alternate screen,
    /// cursor visibility, keypad and mouse modes, insert, origin and wrap modes, and the size.
    static let modes = "#{pane_title}|alt=#{alternate_on}|cursor=#{cursor_flag}|keypad=#{keypad_flag}/#{keypad_cursor_flag}"
        + "|mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_all_flag}#{mouse_standard_flag}#{mouse_sgr_flag}#{mouse_utf8_flag}"
        + "|insert=#{insert_flag}|origin=#{origin_flag}|wrap=#{wrap_flag}|#{pane_width}x#{pane_height}"

    /// The tcpscope process the pane runs, once it has started.
    static func tool(in tmux: TmuxSession) async throws -> ProcessProbe {
        let pane = try await tmux.panePID()
        guard let pid = try await poll(timeout: .seconds(10), { ProcessTree.descendants(of: pane, named: "tcpscope").first }) else {
            throw HarnessError("no tcpscope process under pane \(pane)")
        }
        return ProcessProbe(pid: pid)
    }

    /// Types `text` one key at a time, as a person does (each its own `send-keys`).
    static func typeSlowly(_ tmux: TmuxSession, _ text: String) async throws {
        for character in text { try await tmux.type(String(character)) }
    }

    /// The rows of the Data pane's hex view on `screen`: from the offset to the closing bar.
    static func hexRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: #"[0-9a-f]{8}  (?:[0-9a-f ]{98}|[0-9a-f ]{48})  \|[^│]*\|"#, options: .regularExpression) else { return nil }
            return String(line[range])
        }
    }

    /// `hexdump -C`'s rows for `bytes`, computed here independently of the tool's own code.
    /// `perRow` is 16, or 32 in a pane wide enough for rows of 32 (groups of eight either way).
    static func expectedRows(_ bytes: [UInt8], from start: Int = 0, perRow: Int = 16) -> [String] {
        stride(from: 0, to: bytes.count, by: perRow).map { offset in
            let row = bytes[offset..<min(offset + perRow, bytes.count)]
            var text = String(format: "%08x ", start + offset)
            for i in 0..<perRow {
                text += i > 0 && i % 8 == 0 ? "  " : " "
                text += i < row.count ? String(format: "%02x", row[row.startIndex + i]) : "  "
            }
            let ascii = row.map { (0x20...0x7E).contains($0) ? Character(UnicodeScalar($0)) : "." }
            return text + "  |" + String(ascii) + "|"
        }
    }

    /// A count as the screen writes it: 1,911.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
