import Inspector

/// The selected stream's socket options, each with the value the kernel reports now. Enter
/// edits a value in place, space flips an on/off option; the value shown afterwards is read
/// back from the kernel, never what was typed.
enum OptionsPane {
    /// What each option is called in C, for people who know the socket API.
    static func cName(_ option: SocketOptionName) -> String {
        switch option {
        case .nodelay: "TCP_NODELAY"
        case .quickack: "TCP_QUICKACK"
        case .ttl: "IP_TTL"
        case .linger: "SO_LINGER"
        case .readTimeout: "SO_RCVTIMEO"
        case .writeTimeout: "SO_SNDTIMEO"
        case .nonblocking: "O_NONBLOCK"
        case .keepalive: "SO_KEEPALIVE"
        case .keepaliveIdle: "TCP_KEEPIDLE"
        case .keepaliveInterval: "TCP_KEEPINTVL"
        case .keepaliveCount: "TCP_KEEPCNT"
        case .rcvbuf: "SO_RCVBUF"
        case .sndbuf: "SO_SNDBUF"
        case .userTimeout: "TCP_USER_TIMEOUT"
        case .cork: "TCP_CORK"
        case .notsentLowat: "TCP_NOTSENT_LOWAT"
        case .congestion: "TCP_CONGESTION"
        case .tos: "IP_TOS"
        case .maxseg: "TCP_MAXSEG"
        case .reuseport: "SO_REUSEPORT"
        }
    }

    /// The options the selection has: all of them for a stream, those that matter before a
    /// connection (ttl, nonblocking, tos, maxseg, congestion, reuseport) for a listener.
    static func rows(_ snapshot: Snapshot) -> [(SocketOptionName, OptionReading?)] {
        if let s = snapshot.selectedStream { return SocketOptionName.allCases.map { ($0, s.options[$0]) } }
        if let l = snapshot.selectedListener { return SocketOptionName.listenerOptions.map { ($0, l.options[$0]) } }
        return []
    }

    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState, focused: Bool, tabs: String?) {
        let subject = snapshot.selected.map { " \($0)" } ?? ""
        // A closed stream's values are the last the kernel reported; nothing can change them now.
        let source = snapshot.selectedStream?.closed == nil ? "as the kernel reports" : "as last reported: closed"
        let inner = PaneFrame.draw(&canvas, rect, title: tabs ?? "Options\(subject) (\(source))", focused: focused, unicode: view.unicode)
        let rows = rows(snapshot)
        guard !rows.isEmpty else {
            canvas.put("Select a stream to see its options.", x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
            return
        }
        let selected = min(view.optionRow, rows.count - 1)
        let top = max(0, min(selected - inner.height + 1, rows.count - inner.height))
        let nameWidth = 19, valueWidth = 10
        for (line, index) in (top..<min(rows.count, top + inner.height)).enumerated() {
            let (option, reading) = rows[index]
            let y = inner.y + line
            let x = inner.x + 1
            canvas.put(option.rawValue, x: x, y: y, role: .normal, limit: nameWidth - 1)
            let value: String
            var role: Role = .normal
            switch reading {
            case .value(let v)?: value = v.text
            case .failed(let why)?: value = why; role = .error
            case nil: value = "?"; role = .dim
            }
            if case .editOption(let editing) = view.mode, editing == option, index == selected {
                let (text, _) = view.editor.window(width: max(1, inner.width - nameWidth - 2))
                canvas.put(text, x: x + nameWidth, y: y, role: .prompt, limit: inner.width - nameWidth - 2)
            } else {
                canvas.put(value, x: x + nameWidth, y: y, role: role, limit: valueWidth)
                if inner.width >= nameWidth + valueWidth + 14 {
                    canvas.put(cName(option), x: x + nameWidth + valueWidth + 1, y: y, role: .dim, limit: inner.width - nameWidth - valueWidth - 2)
                }
            }
            if index == selected && focused {
                canvas.paint(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selected)
            }
        }
    }

    /// Where the cursor goes while editing.
    static func editCursor(_ rect: Rect, snapshot: Snapshot, view: ViewState) -> CursorPosition? {
        guard case .editOption = view.mode else { return nil }
        let inner = rect.inset(by: 1)
        let count = rows(snapshot).count
        guard count > 0 else { return nil }
        let selected = min(view.optionRow, count - 1)
        let top = max(0, min(selected - inner.height + 1, count - inner.height))
        let (_, cursor) = view.editor.window(width: max(1, inner.width - 21))
        return CursorPosition(x: inner.x + 1 + 19 + cursor, y: inner.y + selected - top)
    }
}
