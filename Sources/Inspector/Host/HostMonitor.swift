import Dispatch
import TcpModel

/// Refreshes the Host view's table once a second while it is shown, on a background queue,
/// and tells the screen when a new table is ready. One refresh at a time (a serial queue).
public final class HostMonitor: Sendable {
    /// How often the table is refreshed while shown.
    public static let interval = Duration.seconds(1)

    private let queue = DispatchQueue(label: "tcpscope.host")
    private let state = Locked<HostTable>(HostTable())
    private let onRefresh: @Sendable () -> Void
    /// What refreshes keep between them. Only blocks on `queue` touch it, so its lock is never
    /// contended; it is what lets the compiler check that.
    private let work = Locked(Work())

    private struct Work {
        var listing: HostListing?
        var filter: HostFilter = .all
        var filterText = ""
        /// Counts starts and stops: a scheduled refresh of an earlier start finds it moved on.
        var generation = 0
        var running = false
        var previous: [UInt64: Seen] = [:]
        /// The column whose values the rows' trends follow, and the one `previous` holds.
        var trendColumn: HostColumn = .recvQ
        var previousTrendColumn: HostColumn?
    }

    private struct Seen {
        var signature: ChangeSignature
        var firstSeen: ContinuousClock.Instant
        var trend: SampleStrip
    }

    /// `onRefresh` runs on the monitor's queue after each refresh (the screen wakes on it).
    public init(onRefresh: @escaping @Sendable () -> Void) {
        self.onRefresh = onRefresh
    }

    /// The newest table.
    public func table() -> HostTable {
        state.withLock { $0 }
    }

    /// Shows sockets that pass `filter` (typed as `text`), refreshing now and then once a
    /// second until `stop`.
    public func start(_ filter: HostFilter, text: String) {
        queue.async { [self] in
            let started = work.withLock { w -> Int? in
                if w.filter != filter { w.previous = [:] }
                w.filter = filter
                w.filterText = text
                guard !w.running else { return nil }
                w.running = true
                w.generation += 1
                return w.generation
            }
            if let started { refreshEverySecond(started) } else { refresh() }
        }
    }

    /// Refreshes now and again a second later, for as long as `generation` is current.
    private func refreshEverySecond(_ generation: Int) {
        guard work.withLock({ $0.running && $0.generation == generation }) else { return }
        refresh()
        queue.asyncAfter(deadline: .now() + .milliseconds(Int(Self.interval.wholeMilliseconds))) { [weak self] in
            self?.refreshEverySecond(generation)
        }
    }

    /// Follows `column` in each row's trend (the column the view sorts by) from the next refresh
    /// on; the trends of another column are dropped.
    public func trend(_ column: HostColumn) {
        queue.async { [self] in
            work.withLock { $0.trendColumn = column }
        }
    }

    /// Stops refreshing (the view was left). The netlink socket and owner cache are kept.
    public func stop() {
        queue.async { [self] in
            work.withLock { w in
                w.running = false
                w.generation += 1
            }
        }
    }

    /// Aborts `row`'s connection (SOCK_DESTROY) and refreshes, then reports what happened.
    public func abort(_ row: HostRow, _ done: @escaping @Sendable (Outcome) -> Void) {
        queue.async { [self] in
            let name = HostRow.describe(row)
            do throws(SocketError) {
                try listing().abort(row)
                done(.success("aborted \(name)"))
            } catch {
                done(.failure("could not abort \(name): \(HostListing.abortRefusal(error))"))
            }
            if work.withLock({ $0.running }) { refresh() }
        }
    }

    /// The netlink socket and owner cache, made on first use and kept.
    private func listing() throws(SocketError) -> HostListing {
        if let listing = work.withLock({ $0.listing }) { return listing }
        let listing = try HostListing()
        work.withLock { $0.listing = listing }
        return listing
    }

    private func refresh() {
        let clock = ContinuousClock()
        let start = clock.now
        let (filter, filterText, previous, column, previousColumn) = work.withLock {
            ($0.filter, $0.filterText, $0.previous, $0.trendColumn, $0.previousTrendColumn)
        }
        let tracked = column.isSeries ? column : nil
        var table = HostTable()
        table.filterText = filterText
        table.trendColumn = tracked
        do {
            let result = try listing().look(filter, details: false)
            var next: [UInt64: Seen] = [:]
            next.reserveCapacity(result.rows.count)
            let first = previous.isEmpty
            table.entries = result.rows.map { row in
                let signature = row.changeSignature
                let old = previous[row.socket.cookie]
                let seen = old?.firstSeen ?? start
                var trend = previousColumn == column ? old?.trend ?? SampleStrip() : SampleStrip()
                if let tracked, let value = HostTable.series(row, tracked) { trend.append(Float(value)) }
                next[row.socket.cookie] = Seen(signature: signature, firstSeen: seen, trend: trend)
                return HostTable.Entry(row: row, changed: !first && old?.signature != signature, firstSeen: seen, trend: trend)
            }
            work.withLock {
                $0.previous = next
                $0.previousTrendColumn = column
            }
            table.missing = result.missing
        } catch {
            table.error = error.description
        }
        table.refreshed = clock.now
        table.refreshCost = clock.now - start
        state.withLock { $0 = table }
        onRefresh()
    }
}
