import TcpModel

/// What an end-of-connection readiness event means, in the kernel's terms.
///
/// EPOLLRDHUP says only that the receive side is shut: by the peer's FIN, by this process's
/// own `shutdown read`, or by the kernel ending the connection (a reset, a timeout). TCP_INFO's
/// state, read at the same moment, tells them apart, and the pending error is left for the
/// person's `read` or `error` to take (SO_ERROR would clear it).
struct ConnectionEnding {
    /// The peer's FIN arrived: the socket is in a state only a FIN leads to, or closed in
    /// order (both FINs, no error).
    var peerSentFin: Bool
    /// The kernel gave up waiting for the peer (keepalive probes or retransmissions unanswered,
    /// the socket closed with an error pending): the error it holds is ETIMEDOUT.
    var timedOut: Bool

    init(readiness: Poller.Readiness, info: TcpInfo?) {
        let state = info?.state
        let finStates: [TcpState] = [.closeWait, .lastAck, .closing, .timeWait]
        peerSentFin = readiness.peerClosed && state.map { s in
            finStates.contains(s) || (s == .closed && !readiness.error)
        } ?? false
        // A reset arriving while probes or retransmissions were unanswered would look the
        // same; the kernel's own word comes with the `read` or `error` that takes the error.
        timedOut = readiness.error && state == .closed && (info.map { $0.probes > 0 || $0.retransmits > 0 } ?? false)
    }
}
