import TcpModel

/// Closed streams stay listed: their descriptor is gone, but what they captured, their last
/// TCP_INFO and how they ended stay on screen until `forget`, or until more than
/// `closedStreamsKept` have closed since (then the oldest go first).
extension Session {
    /// Takes a stream's live parts out of the session (the descriptor closes when the last
    /// call using it returns) and keeps its snapshot, marked closed with `how`.
    func keepClosed(_ id: StreamID, how: String) {
        let now = clock.now
        mutate { s in
            s.streams[id] = nil
            guard var snap = s.snapshot.streams[id], snap.closed == nil else { return }
            // The address pair can name another connection later: only open ones are partners.
            if let local = snap.local, let peer = snap.peer,
               s.snapshot.byAddresses[AddressPair(local: local, peer: peer)] == id {
                s.snapshot.byAddresses[AddressPair(local: local, peer: peer)] = nil
            }
            s.snapshot.pendingCount -= snap.pending == nil ? 0 : 1
            snap.pending = nil
            snap.follow = false
            snap.closed = StreamClosing(how: how, at: now)
            snap.lastChange = now
            s.snapshot.streams[id] = snap
            s.snapshot.closedOrder.append(id)
            let excess = s.snapshot.closedOrder.count - max(0, configuration.closedStreamsKept)
            if excess > 0 {
                for old in s.snapshot.closedOrder.prefix(excess) { Session.unlist(old, from: &s.snapshot) }
            }
        }
    }

    /// `forget s3` or `forget closed`: takes closed streams off the list, with their captures.
    func forget(_ target: ForgetTarget) -> Outcome {
        switch target {
        case .stream(let id):
            let result = mutate { s -> String? in
                guard let snap = s.snapshot.streams[id] else {
                    return "forget: \(id) is not listed (\(Session.closedText(s.snapshot)))"
                }
                guard snap.closed != nil else {
                    return "forget: \(id) is open; close it first (forget takes closed streams off the list)"
                }
                Session.unlist(id, from: &s.snapshot)
                return nil
            }
            if let result { return .failure(result) }
            let event = record(Event(entry: .stream(id), op: "forget", args: id.description))
            return .success("forgot \(id)", event)
        case .closed:
            let gone = mutate { s -> [StreamID] in
                let ids = s.snapshot.closedOrder
                for id in ids { Session.unlist(id, from: &s.snapshot) }
                return ids
            }
            let list = gone.map(\.description).joined(separator: ", ")
            let value = gone.isEmpty ? "none" : list
            let event = record(Event(entry: nil, op: "forget", args: "closed", value: value))
            return .success(gone.isEmpty ? "no closed streams to forget" :
                                "forgot \(gone.count) closed stream\(gone.count == 1 ? "" : "s"): \(list)", event)
        }
    }

    /// What a command that needs the socket says when it is aimed at a closed stream.
    func closedRefusal(_ command: Command, _ id: StreamID) -> String? {
        let how = state.withLock { $0.snapshot.streams[id]?.closed?.how }
        return how.map { "\(command.name): \(id) is closed (\($0)); its captures stay listed until `forget \(id)`" }
    }

    /// `closed s1`, `closed s1 after FIN from peer`, `closed s1 (the connection had ended: ECONNRESET)`.
    static func closedMessage(_ id: StreamID, _ how: String) -> String {
        let here = "closed here"
        guard how.hasPrefix(here) else { return "closed \(id) (the connection had ended: \(how))" }
        return "closed \(id)" + how.dropFirst(here.count)
    }

    /// Removes a closed stream from the list; the selection moves to its neighbour.
    private static func unlist(_ id: StreamID, from snapshot: inout Snapshot) {
        snapshot.streams[id] = nil
        snapshot.closedOrder.removeAll { $0 == id }
        let index = snapshot.streamOrder.firstIndex(of: id)
        snapshot.streamOrder.removeAll { $0 == id }
        if snapshot.selected == .stream(id) {
            snapshot.selected = neighbour(in: snapshot, at: index)
        }
    }

    private static func closedText(_ snapshot: Snapshot) -> String {
        snapshot.closedOrder.isEmpty ? "no stream is closed" : "closed: " + snapshot.closedOrder.map(\.description).joined(separator: ", ")
    }
}
