import Dispatch
import TcpModel

/// Refreshes the Host view's table once a second while it is shown, on a background queue,
/// and tells the screen when a new table is ready. One refresh at a time (a serial queue).
public final class HostMonitor: @unchecked Sendable {
    /// How often the table is refreshed while shown.
    public static let interval = Duration.seconds(1)

    private let queue = DispatchQueue(label: "tcpscope.host")
    private let state = Locked<HostTable>(HostTable())
    private let onRefresh: @Sendable () -> Void
    // Touched only on `queue`.
    private var listing: HostListing?
    private var filter: HostFilter = .all
    private var filterText = ""
    private var timer: DispatchSourceTimer?
    private var previous: [UInt64: (signature: ChangeSignature, firstSeen: ContinuousClock.Instant)] = [:]

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
            if self.filter != filter { previous = [:] }
            self.filter = filter
            filterText = text
            if timer == nil {
                let source = DispatchSource.makeTimerSource(queue: queue)
                source.schedule(deadline: .now(), repeating: .seconds(1), leeway: .milliseconds(50))
                source.setEventHandler { [weak self] in self?.refresh() }
                timer = source
                source.resume()
            } else {
                refresh()
            }
        }
    }

    /// Stops refreshing (the view was left). The netlink socket and owner cache are kept.
    public func stop() {
        queue.async { [self] in
            timer?.cancel()
            timer = nil
        }
    }

    /// Aborts `row`'s connection (SOCK_DESTROY) and refreshes, then reports what happened.
    public func abort(_ row: HostRow, _ done: @escaping @Sendable (Outcome) -> Void) {
        queue.async { [self] in
            let name = HostRow.describe(row)
            do throws(SocketError) {
                if listing == nil { listing = try HostListing() }
                try listing?.abort(row)
                done(.success("aborted \(name)"))
            } catch {
                done(.failure("could not abort \(name): \(HostListing.abortRefusal(error))"))
            }
            if timer != nil { refresh() }
        }
    }

    private func refresh() {
        let clock = ContinuousClock()
        let start = clock.now
        var table = HostTable()
        table.filterText = filterText
        do {
            if listing == nil { listing = try HostListing() }
            guard let listing else { return }
            let result = try listing.look(filter)
            var next: [UInt64: (signature: ChangeSignature, firstSeen: ContinuousClock.Instant)] = [:]
            next.reserveCapacity(result.rows.count)
            let first = previous.isEmpty
            table.entries = result.rows.map { row in
                let signature = row.changeSignature
                let old = previous[row.socket.cookie]
                let seen = old?.firstSeen ?? start
                next[row.socket.cookie] = (signature, seen)
                return HostTable.Entry(row: row, changed: !first && old?.signature != signature, firstSeen: seen)
            }
            previous = next
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
