import TcpModel
import TlsLayer

/// The one way an open socket becomes a stream of the session, whoever opened it (connect,
/// accept, clone, attach).
extension Session {
    /// Adds an open stream to the session and to the poller, and reads its first picture.
    @discardableResult
    func register(_ stream: TcpStream, id: StreamID, origin: StreamOrigin, select: Bool, socketKey: Int? = nil,
                  attached: (owner: AttachedOwner, socket: AttachedSocket)? = nil,
                  tls: sending TlsConnection? = nil) -> StreamSnapshot {
        let now = clock.now
        let facts = tls?.facts()
        let entry = mutate { s -> StreamEntry in
            let key = socketKey ?? s.nextSocketKey
            if socketKey == nil { s.nextSocketKey += 1 }
            let entry = StreamEntry(id: id, stream: stream, socketKey: key, captureBound: configuration.captureBound,
                                    owner: attached?.owner, tls: tls)
            s.streams[id] = entry
            s.snapshot.connecting.removeAll { $0.id == id }
            s.connects[id] = nil
            var snap = StreamSnapshot(
                id: id, origin: origin, local: try? stream.localAddr(), peer: try? stream.peerAddr(), socketKey: key,
                received: entry.received, sent: entry.sent,
                rttHistory: History(capacity: configuration.historyLength),
                toReadHistory: History(capacity: configuration.historyLength), lastChange: now)
            snap.options = Session.readOptions(of: stream)
            snap.attached = attached?.socket
            snap.tls = facts
            // In id order even when an accept overtakes the connect before it.
            s.snapshot.insert(snap)
            if select { s.snapshot.selected = .stream(id) }
            return entry
        }
        if let error = poller.add(stream.fileDescriptor, key: entry.pollKey, .stream) {
            watchFailed(.stream(id), error)
        }
        // Bytes that arrived before the registration raise no edge: look once now.
        refreshReadSide(entry)
        refreshKernelView(entry)
        return state.withLock { $0.snapshot.streams[id] } ?? StreamSnapshot(
            id: id, origin: origin, socketKey: entry.socketKey, received: entry.received, sent: entry.sent,
            rttHistory: History(capacity: 1), toReadHistory: History(capacity: 1), lastChange: now)
    }
}
