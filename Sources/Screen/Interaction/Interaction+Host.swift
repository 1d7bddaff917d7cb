import Inspector

/// The Host view's keys: scrolling, the sort column and its direction, and leaving.
extension Interaction {
    /// Shows the Host view with `filter` (typed as `text`), or leaves it for nil.
    mutating func showHost(_ filter: HostFilter?, text: String = "") -> [Effect] {
        guard let filter else {
            view.host = nil
            say("back to the streams")
            return [.host(filter: nil, text: "")]
        }
        var host = view.host ?? HostViewState()
        host.filterText = text
        host.top = 0
        view.host = host
        say("Host view: < > sort column, o order, Enter attaches to the socket under the cursor, K aborts its connection, H back" + (text.isEmpty ? "" : "; filter \(text)"))
        return [.host(filter: filter, text: text)]
    }

    /// A key while the Host view is shown; nil lets normal mode have it (`:`, `q`, `?`).
    mutating func hostKey(_ key: Key) -> [Effect]? {
        guard var host = view.host else { return nil }
        let columns = HostColumn.allCases
        let index = columns.firstIndex(of: host.sortColumn) ?? 0
        let page = max(1, height - 6)
        switch key {
        case .character("<"): host.sortColumn = columns[(index + columns.count - 1) % columns.count]
        case .character(">"): host.sortColumn = columns[(index + 1) % columns.count]
        case .character("o"): host.descending.toggle()
        case .up, .character("k"): host.cursor -= 1
        case .down, .character("j"): host.cursor += 1
        case .pageUp: host.cursor -= page
        case .pageDown: host.cursor += page
        case .home: host.cursor = 0
        case .end, .character("G"): host.cursor = hostRows.count - 1
        case .character("K"):
            guard hostRows.indices.contains(host.cursor) else {
                say("K: no connection under the cursor", error: true)
                return []
            }
            view.mode = .confirm(.abort(hostRows[host.cursor]))
            return []
        case .enter:
            // Attach to the socket under the cursor, through its first owner's descriptor.
            guard hostRows.indices.contains(host.cursor), let owner = hostRows[host.cursor].owners.first else {
                say("Enter: no socket with a known owner under the cursor (other users' owners need root)", error: true)
                return []
            }
            return showHost(nil) + [.submit("attach \(owner.pid):\(owner.fd)")]
        case .escape, .character("H"):
            return showHost(nil)
        default:
            return nil
        }
        if host.sortColumn != view.host?.sortColumn || host.descending != view.host?.descending {
            say("sorted by \(host.sortColumn.rawValue), \(host.descending ? "largest" : "smallest") first")
        }
        host.cursor = max(0, min(host.cursor, hostRows.count - 1))
        view.host = host
        return []
    }
}
