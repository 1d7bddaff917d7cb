import TcpModel

/// When the kernel refuses the poller: what the session does instead of watching nothing in
/// silence.
extension Session {
    /// Why the session cannot work, as a person reads it, when it could not start (see
    /// `startFailure`): every command's refusal, and what a front end says before it exits.
    public var startFailureText: String? {
        startFailure.map { "tcpscope cannot watch sockets: \($0)" }
    }

    /// epoll_wait failed with something other than EINTR and the poller stopped: said once in
    /// the Log, since nothing the session shows is refreshed from then on.
    func pollerStopped(_ error: SocketError) {
        record(Event(entry: nil, op: "epoll_wait", ok: false,
                     error: "\(error); the poller stopped: arrivals, hang-ups and resets are no longer seen as they happen",
                     errnoName: error.errnoName))
    }

    /// epoll_ctl refused to watch (or re-arm, or stop watching) one stream or listener. Said in
    /// the Log and on the stream, once per cause rather than once per retry.
    func watchFailed(_ id: EntryID, _ error: SocketError) {
        let why = "\(error): what happens on \(id) may go unseen until a command looks"
        if case .stream(let stream) = id {
            let said = state.withLock { $0.snapshot.streams[stream]?.lastError == why }
            if said { return }
            updateStream(stream) { $0.lastError = why }
        }
        record(Event(entry: id, op: "epoll_ctl", ok: false, error: why, errnoName: error.errnoName))
    }
}
