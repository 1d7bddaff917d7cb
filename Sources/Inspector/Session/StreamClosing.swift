import TcpModel

/// How a stream this process closed had ended, kept with it: a closed stream stays listed,
/// with its captures and its last kernel readings, until `forget`.
public struct StreamClosing: Sendable, Hashable {
    /// In words: `closed here`, `closed here after FIN from peer`, or the errno name of the
    /// error that ended the connection before the close (`ECONNRESET`, `ETIMEDOUT`).
    public var how: String
    /// When the descriptor was closed.
    public var at: ContinuousClock.Instant

    public init(how: String, at: ContinuousClock.Instant) {
        self.how = how
        self.at = at
    }

    /// What ended the connection, judged at the close from the stream's last picture (read
    /// just before) and the socket error the close took (`pending`, from SO_ERROR).
    ///
    /// A reset or a timeout leaves the socket in CLOSE before this process closes it; an
    /// error already taken by a `read` or `error` leaves no SO_ERROR, so the state and the
    /// flags the poller set are what say it then.
    static func how(_ s: StreamSnapshot, pending: SocketError?) -> String {
        if let name = pending?.errnoName { return name }
        if s.timedOut { return "ETIMEDOUT" }
        let state = s.info?.state
        if state == .closed, !s.peerClosed || s.errorPending || Self.mentionsReset(s) { return "ECONNRESET" }
        let finStates: [TcpState] = [.closeWait, .lastAck, .closing, .timeWait]
        if s.peerClosed || state.map(finStates.contains) == true { return "closed here after FIN from peer" }
        return "closed here"
    }

    private static func mentionsReset(_ s: StreamSnapshot) -> Bool {
        [s.readEnd, s.lastError].contains { $0?.contains("ECONNRESET") == true }
    }
}
