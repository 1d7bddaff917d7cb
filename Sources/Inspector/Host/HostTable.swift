import TcpModel

/// The columns of the Host view, in screen order; each sorts the table.
public enum HostColumn: String, Sendable, CaseIterable {
    case state = "State", local = "Local", peer = "Peer", owner = "Owner", recvQ = "Recv-Q", sendQ = "Send-Q"
    case rtt = "RTT", cwnd = "Cwnd", retrans = "Retr", rate = "Rate", limited = "Limited by", age = "Seen"
}

extension HostColumn {
    /// A quantity that moves from one refresh to the next, so a row's recent values make a
    /// trend (`HostTable.series`); text, the state and the age do not.
    public var isSeries: Bool {
        switch self {
        case .recvQ, .sendQ, .rtt, .cwnd, .retrans, .rate: true
        case .state, .local, .peer, .owner, .limited, .age: false
        }
    }
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
        /// The tracked column's values over the last refreshes (`HostTable.trendColumn`).
        public var trend = SampleStrip()
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
    /// The column whose recent values each entry's `trend` holds (the one the view sorts by);
    /// nil when that column is not a number that moves (text, state, age).
    public var trendColumn: HostColumn?

    public init() {}

    /// This table with its entries ordered by `column` (ties by the socket's cookie), largest
    /// first if `descending`: the order the Host view shows.
    public func ordered(by column: HostColumn, descending: Bool, now: ContinuousClock.Instant) -> HostTable {
        // A key made once per row, not once per comparison, and positions sorted rather than
        // entries: a sort of twenty thousand rows then moves integers, not rows.
        let keys = entries.map { Self.key($0, column, now: now) }
        let order = entries.indices.sorted { a, b in
            if keys[a] != keys[b] { return (keys[a] < keys[b]) != descending }
            return entries[a].row.socket.cookie < entries[b].row.socket.cookie
        }
        var table = self
        table.entries = order.map { entries[$0] }
        return table
    }

    /// What a column sorts by: every row of one column has a key of the same kind.
    private enum SortKey: Comparable {
        case number(Int64)
        case text(String)
    }

    private static func key(_ entry: Entry, _ column: HostColumn, now: ContinuousClock.Instant) -> SortKey {
        let row = entry.row
        switch column {
        case .state: return .number(Int64(row.socket.stateNumber))
        case .local: return .text(row.socket.local.description)
        case .peer: return .text(row.socket.peer.description)
        case .owner: return .text(row.ownerText)
        case .recvQ, .sendQ, .rtt, .cwnd, .retrans, .rate: return .number(series(row, column) ?? 0)
        case .limited: return .text(row.limitedBy ?? "")
        case .age: return .number((now - entry.firstSeen).wholeMicroseconds)
        }
    }

    /// A column's value for `row` when the column is a quantity that moves from one refresh to
    /// the next (queues, rtt in microseconds, cwnd, retransmits, delivery rate), nil for the
    /// others; 0 where the kernel gave no TCP_INFO.
    public static func series(_ row: HostRow, _ column: HostColumn) -> Int64? {
        let info = row.socket.info
        switch column {
        case .recvQ: return Int64(row.socket.receiveQueue)
        case .sendQ: return Int64(row.socket.sendQueue)
        case .rtt: return info?.rtt.wholeMicroseconds ?? 0
        case .cwnd: return Int64(info?.sendCongestionWindow ?? 0)
        case .retrans: return Int64(info?.totalRetransmits ?? 0)
        case .rate: return Int64(clamping: info?.deliveryRate ?? 0)
        case .state, .local, .peer, .owner, .limited, .age: return nil
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
