import Inspector

/// The Host view's own state: which column sorts the table, which way, and where it is
/// scrolled. Present in `ViewState.host` while the view is shown.
public struct HostViewState: Sendable, Hashable {
    public var sortColumn: HostColumn = .recvQ
    public var descending = true
    public var top = 0
    /// The row under the cursor, in the sorted table (what `K` aborts).
    public var cursor = 0
    /// The filter as typed, for the title.
    public var filterText: String

    public init(filterText: String = "") {
        self.filterText = filterText
    }
}
