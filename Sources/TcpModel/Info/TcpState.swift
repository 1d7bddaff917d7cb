/// The TCP state machine's states, as the kernel numbers them in `tcpi_state`.
public enum TcpState: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case established = 1
    case synSent
    case synReceived
    case finWait1
    case finWait2
    case timeWait
    case closed
    case closeWait
    case lastAck
    case listen
    case closing
    case newSynReceived

    /// The name netstat and ss print (`ESTABLISHED`, `FIN_WAIT1`, ...).
    public var description: String {
        switch self {
        case .established: "ESTABLISHED"
        case .synSent: "SYN_SENT"
        case .synReceived: "SYN_RECV"
        case .finWait1: "FIN_WAIT1"
        case .finWait2: "FIN_WAIT2"
        case .timeWait: "TIME_WAIT"
        case .closed: "CLOSE"
        case .closeWait: "CLOSE_WAIT"
        case .lastAck: "LAST_ACK"
        case .listen: "LISTEN"
        case .closing: "CLOSING"
        case .newSynReceived: "NEW_SYN_RECV"
        }
    }
}

/// The congestion-avoidance state (`tcpi_ca_state`).
public enum CongestionState: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case open = 0
    case disorder
    case cwr
    case recovery
    case loss

    public var description: String {
        switch self {
        case .open: "Open"
        case .disorder: "Disorder"
        case .cwr: "CWR"
        case .recovery: "Recovery"
        case .loss: "Loss"
        }
    }
}
