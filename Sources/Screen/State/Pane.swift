/// The panes of the main screen, in Tab order.
public enum Pane: Int, CaseIterable, Sendable, Hashable {
    case streams
    case options
    case data
    case kernel
    case log

    public var title: String {
        switch self {
        case .streams: "Streams"
        case .options: "Options"
        case .data: "Data"
        case .kernel: "Kernel"
        case .log: "Log"
        }
    }

    var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count) ?? .streams }
    var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .streams }
}

/// Which bytes the Data pane shows.
public enum DataView: Sendable, Hashable {
    /// Read bytes, the read offset, then bytes peeked from the kernel's queue.
    case received
    /// Bytes sent.
    case sent
}
