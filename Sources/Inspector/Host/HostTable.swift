import TcpModel

/// The columns of the Host view, in screen order; each sorts the table.
public enum HostColumn: String, Sendable, CaseIterable {
    case state = "State", local = "Local", peer = "Peer", owner = "Owner", recvQ = "Recv-Q", sendQ = "Send-Q"
    case rtt = "RTT", cwnd = "Cwnd", retrans = "Retr", rate = "Rate", limited = "Limited by", age = "Seen"
}

/// One refresh of the Host view: every socket that passed the filter, which of them changed
/// since the refresh before, and how long each has been seen.
public struct HostTable: Sendable {
    public struct Entry: Sendable {
        public var row: HostRow
        /// New, or its state, queues, byte counts, retransmits or owners moved since the
        /// refresh before.
        public var changed: Bool
        /// When this view first saw the socket (the kernel does not say when it was created).
        public var firstSeen: ContinuousClock.Instant
    }

    public var entries: [Entry] = []
    /// The filter as typed (empty: every socket).
    public var filterText = ""
    /// What could not be seen (owners of other users' processes without root).
    public var missing: [String] = []
    /// Why the last refresh failed, if it did.
    public var error: String?
    public var refreshed: ContinuousClock.Instant?
    /// How long the last refresh took.
    public var refreshCost: Duration = .zero

    public init() {}

    /// The entries ordered by `column` (ties by local address), largest first if `descending`.
    public func sorted(by column: HostColumn, descending: Bool, now: ContinuousClock.Instant) -> [Entry] {
        // Text columns are compared by a key made once per row, not once per comparison.
        let text: ((Entry) -> String)? = switch column {
        case .local: { $0.row.socket.local.description }
        case .peer: { $0.row.socket.peer.description }
        case .owner: { $0.row.ownerText }
        case .limited: { $0.row.limitedBy ?? "" }
        default: nil
        }
        if let text {
            return entries.map { (text($0), $0) }.sorted { a, b in
                if a.0 != b.0 { return (a.0 < b.0) != descending }
                return a.1.row.socket.cookie < b.1.row.socket.cookie
            }.map(\.1)
        }
        func less(_ a: Entry, _ b: Entry) -> Bool {
            let x = a.row, y = b.row
            switch column {
            case .state: return x.socket.stateNumber < y.socket.stateNumber
            case .local: return (x.socket.local.description) < (y.socket.local.description)
            case .peer: return x.socket.peer.description < y.socket.peer.description
            case .owner: return x.ownerText < y.ownerText
            case .recvQ: return x.socket.receiveQueue < y.socket.receiveQueue
            case .sendQ: return x.socket.sendQueue < y.socket.sendQueue
            case .rtt: return (x.socket.info?.rtt ?? .zero) < (y.socket.info?.rtt ?? .zero)
            case .cwnd: return (x.socket.info?.sendCongestionWindow ?? 0) < (y.socket.info?.sendCongestionWindow ?? 0)
            case .retrans: return (x.socket.info?.totalRetransmits ?? 0) < (y.socket.info?.totalRetransmits ?? 0)
            case .rate: return (x.socket.info?.deliveryRate ?? 0) < (y.socket.info?.deliveryRate ?? 0)
            case .limited: return (x.limitedBy ?? "") < (y.limitedBy ?? "")
            case .age: return a.firstSeen > b.firstSeen
            }
        }
        return entries.sorted { a, b in
            if less(a, b) { return !descending }
            if less(b, a) { return descending }
            return a.row.socket.cookie < b.row.socket.cookie
        }
    }
}

extension HostRow {
    /// What a refresh compares to mark a row changed: not the timers TCP_INFO always moves.
    var changeSignature: ChangeSignature {
        let info = socket.info
        return ChangeSignature(state: socket.stateNumber, receiveQueue: socket.receiveQueue, sendQueue: socket.sendQueue,
                               bytesSent: info?.bytesSent ?? 0, bytesReceived: info?.bytesReceived ?? 0,
                               retransmits: info?.totalRetransmits ?? 0, owners: owners.count)
    }
}

/// The fields of a row whose change marks it (a value: no allocation per row and refresh).
struct ChangeSignature: Equatable {
    var state: UInt8
    var receiveQueue: UInt32
    var sendQueue: UInt32
    var bytesSent: UInt64
    var bytesReceived: UInt64
    var retransmits: UInt32
    var owners: Int
}
