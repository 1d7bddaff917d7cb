/// The keys of the main screen, in one table: the footer and the help screen are built from
/// it, so neither can drift from what the keys do.
public enum KeyMap {
    public struct Binding: Sendable {
        public var keys: [Key]
        /// The key as the footer and help write it.
        public var label: String
        /// One or two words for the footer; nil keeps it out of the footer.
        public var footer: String?
        public var help: String
        public var action: Action
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.character("?"), .function(1)], label: "F1 ?", footer: "Help", help: "help: keys, commands, and what each option does", action: .help),
        Binding(keys: [.character(":")], label: ":", footer: "Cmd", help: "command prompt (Tab completes, up/down for history)", action: .prompt("")),
        Binding(keys: [.character("c")], label: "c", footer: "Connect", help: "connect HOST:PORT [timeout=DUR]", action: .prompt("connect ")),
        Binding(keys: [.character("l")], label: "l", footer: "Listen", help: "listen [HOST:]PORT (loopback unless you name an address)", action: .prompt("listen ")),
        Binding(keys: [.character("s")], label: "s", footer: "Send", help: "send TEXT (C escapes), or parts: \"TEXT\" hex:HEX file:PATH repeat=N", action: .prompt("send ")),
        Binding(keys: [.character("r")], label: "r", footer: "Read", help: "read: one recv of up to 4096 bytes (consumes them)", action: .run("read")),
        Binding(keys: [.character("R")], label: "R", footer: nil, help: "read N: prompt for how many bytes", action: .prompt("read ")),
        Binding(keys: [.character("p")], label: "p", footer: "Peek", help: "peek: recv with MSG_PEEK (consumes nothing)", action: .run("peek")),
        Binding(keys: [.character("f")], label: "f", footer: "Follow", help: "follow on/off: read everything as it arrives", action: .toggleFollow),
        Binding(keys: [.character("h")], label: "h", footer: nil, help: "hold on/off: stop forwarding what arrives on the selected joined stream (relay, join), or forward again", action: .toggleHold),
        Binding(keys: [.character(".")], label: ".", footer: nil, help: "step N: forward the next N held bytes of the selected joined stream", action: .prompt("step ")),
        Binding(keys: [.character("D")], label: "D", footer: nil, help: "drop N: read N held bytes of the selected joined stream and forward none", action: .prompt("drop ")),
        Binding(keys: [.character("J")], label: "J", footer: nil, help: "join ID: forward between the selected stream and another (J then unjoin at the prompt undoes it)", action: .prompt("join ")),
        Binding(keys: [.character("S")], label: "S", footer: nil, help: "shutdown read|write|both", action: .prompt("shutdown ")),
        Binding(keys: [.character("C")], label: "C", footer: nil, help: "clone: a second descriptor for the same socket", action: .run("clone")),
        Binding(keys: [.character("e")], label: "e", footer: nil, help: "error: take the pending socket error (SO_ERROR)", action: .run("error")),
        Binding(keys: [.character("i")], label: "i", footer: nil, help: "info: log TCP_INFO now", action: .run("info")),
        Binding(keys: [.escape], label: "Esc", footer: nil, help: "cancel: end the selected stream's pending read, peek, wait, send or connect", action: .cancelPending),
        Binding(keys: [.character("x")], label: "x", footer: "Close", help: "close the selected stream or listener (asks first)", action: .close),
        Binding(keys: [.character("/")], label: "/", footer: "Find", help: "find text or hex:… in the Data pane; n next, N previous", action: .find),
        Binding(keys: [.character("n")], label: "n", footer: nil, help: "next match", action: .findNext),
        Binding(keys: [.character("N")], label: "N", footer: nil, help: "previous match", action: .findPrevious),
        Binding(keys: [.character("a")], label: "a", footer: nil, help: "jump to the newest stream (a connection just accepted)", action: .newest),
        Binding(keys: [.character("g")], label: "g", footer: nil, help: "go to a stream offset in the Data pane", action: .gotoOffset),
        Binding(keys: [.character("d")], label: "d", footer: nil, help: "Data pane: received ↔ sent", action: .toggleDataView),
        Binding(keys: [.character("t")], label: "t", footer: nil, help: "Data pane: hexdump ↔ text (one line per line, ␍ ␊ for CR LF)", action: .toggleTextView),
        Binding(keys: [.character("b")], label: "b", footer: nil, help: "Data pane: both ends of a connection side by side, on/off", action: .toggleBothEnds),
        Binding(keys: [.tab], label: "Tab", footer: "Pane", help: "next pane (Shift-Tab: previous; 1-5 jump to one)", action: .nextPane),
        Binding(keys: [.backTab], label: "S-Tab", footer: nil, help: "previous pane", action: .previousPane),
        Binding(keys: [.character("1")], label: "1", footer: nil, help: "Streams pane", action: .focus(.streams)),
        Binding(keys: [.character("2")], label: "2", footer: nil, help: "Options pane", action: .focus(.options)),
        Binding(keys: [.character("3")], label: "3", footer: nil, help: "Data pane", action: .focus(.data)),
        Binding(keys: [.character("4")], label: "4", footer: nil, help: "Kernel pane", action: .focus(.kernel)),
        Binding(keys: [.character("5")], label: "5", footer: nil, help: "Log pane", action: .focus(.log)),
        Binding(keys: [.character("k"), .up], label: "k ↑", footer: nil, help: "up: previous stream, option, row or event", action: .up),
        Binding(keys: [.character("j"), .down], label: "j ↓", footer: nil, help: "down", action: .down),
        Binding(keys: [.pageUp, .ctrl("b")], label: "PgUp", footer: nil, help: "page up", action: .pageUp),
        Binding(keys: [.pageDown, .ctrl("f")], label: "PgDn", footer: nil, help: "page down", action: .pageDown),
        Binding(keys: [.home], label: "Home", footer: nil, help: "first", action: .top),
        Binding(keys: [.end, .character("G")], label: "End G", footer: nil, help: "last (the Data and Log panes follow new bytes again)", action: .bottom),
        Binding(keys: [.enter], label: "Enter", footer: nil, help: "select a stream; edit an option; show a Log line whole (Esc closes)", action: .activate),
        Binding(keys: [.character(" ")], label: "Space", footer: nil, help: "flip an on/off option", action: .toggleOption),
        Binding(keys: [.character("H")], label: "H", footer: nil, help: "Host view: every TCP socket on the host, live; there < > pick the sort column, o flips it, Enter attaches to the socket under the cursor (attach), K aborts a connection (H again: back)", action: .hostView),
        Binding(keys: [.ctrl("l")], label: "C-l", footer: nil, help: "redraw the screen", action: .redraw),
        Binding(keys: [.character("q"), .function(10)], label: "F10 q", footer: "Quit", help: "quit (asks first while streams are open)", action: .quit),
    ]

    private static let table: [Key: Action] = {
        var t: [Key: Action] = [:]
        for b in bindings { for k in b.keys where t[k] == nil { t[k] = b.action } }
        return t
    }()

    public static func action(for key: Key) -> Action? { table[key] }

    /// The footer: `F1Help  :Cmd  cConnect ...` as (key, label) pairs.
    public static var footer: [(key: String, label: String)] {
        bindings.compactMap { b in b.footer.map { (String(b.label.split(separator: " ").last ?? Substring(b.label)), $0) } }
    }
}
