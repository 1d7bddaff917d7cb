import Inspector

/// The whole screen as a pure function of the session's snapshot and the view state: no
/// curses, no sockets, so it is tested as text.
public enum ScreenRenderer {
    /// - Parameter host: the Host view's table, its entries in the order shown
    ///   (`HostTable.ordered`), when that view is open.
    public static func render(_ snapshot: Snapshot, _ view: ViewState, width: Int, height: Int,
                              help: HelpLibrary, now: ContinuousClock.Instant, host: HostTable? = nil) -> Frame {
        var canvas = Canvas(width: width, height: height)
        guard let layout = Layout.compute(width: width, height: height, lastDetailPane: view.lastDetail,
                                          kernelWidth: KernelPane.naturalWidth(snapshot)) else {
            drawTooSmall(&canvas, width: width, height: height)
            return Frame(canvas: canvas, cursor: nil)
        }
        HeaderBar.draw(&canvas, layout.header, snapshot: snapshot, view: view)
        FooterBar.draw(&canvas, layout.footer, view: view)
        if case .logEntry(let sequence) = view.mode {
            let event = snapshot.log.events(in: sequence..<(sequence + 1)).first
            LogEntryOverlay.draw(&canvas, LogEntryOverlay.body(width: width, height: height), event: event,
                                 sequence: sequence, top: view.logEntryTop, unicode: view.unicode)
            _ = StatusLine.draw(&canvas, layout.status, view: view, lostWrites: snapshot.lostWrites)
            return Frame(canvas: canvas, cursor: nil)
        }
        if view.mode == .help {
            let body = Rect(x: 0, y: 1, width: width, height: height - 2)
            _ = HelpOverlay.draw(&canvas, body, help: help, top: view.helpTop, unicode: view.unicode)
            return Frame(canvas: canvas, cursor: nil)
        }
        if let hostView = view.host {
            // The Host view takes the body: the streams wait behind it.
            let body = Rect(x: 0, y: 1, width: width, height: height - 3)
            HostPane.draw(&canvas, body, table: host ?? HostTable(), host: hostView, unicode: view.unicode, now: now)
            let cursor = StatusLine.draw(&canvas, layout.status, view: view, lostWrites: snapshot.lostWrites)
            return Frame(canvas: canvas, cursor: cursor)
        }
        _ = StreamsPane.draw(&canvas, layout.streams, snapshot: snapshot, view: view, focused: view.focus == .streams, now: now)
        let tabs = layout.shared.map { shown -> String in
            let other: Pane = shown == .options ? .kernel : .options
            return "\(shown.title) \(snapshot.selected.map { "\($0) " } ?? "")· \(other.title): Tab"
        }
        if !layout.options.isEmpty {
            OptionsPane.draw(&canvas, layout.options, snapshot: snapshot, view: view, focused: view.focus == .options, tabs: tabs)
        }
        if !layout.kernel.isEmpty {
            KernelPane.draw(&canvas, layout.kernel, snapshot: snapshot, view: view, focused: view.focus == .kernel, tabs: tabs)
        }
        DataPane.draw(&canvas, layout.data, snapshot: snapshot, view: view, focused: view.focus == .data)
        LogPane.draw(&canvas, layout.log, snapshot: snapshot, view: view, focused: view.focus == .log)
        var cursor = StatusLine.draw(&canvas, layout.status, view: view, lostWrites: snapshot.lostWrites)
        if cursor == nil { cursor = OptionsPane.editCursor(layout.options, snapshot: snapshot, view: view) }
        return Frame(canvas: canvas, cursor: cursor)
    }

    private static func drawTooSmall(_ canvas: inout Canvas, width: Int, height: Int) {
        let lines = ["terminal too small: \(width)x\(height)", "tcpscope needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight)", "(q quits)"]
        for (i, line) in lines.enumerated() {
            let y = height / 2 - 1 + i
            let x = max(0, (width - line.unicodeScalars.count) / 2)
            canvas.put(line, x: x, y: y, role: i == 0 ? .warning : .normal)
        }
    }
}
