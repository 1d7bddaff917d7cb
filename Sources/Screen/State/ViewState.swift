import Inspector

/// Everything about the screen that is not the session's: which pane has focus, where each is
/// scrolled, what the prompt holds, which overlay is open. A value, changed only by the
/// `Interaction` on the UI thread.
public struct ViewState: Sendable {
    public enum Mode: Sendable, Hashable {
        /// Keys are shortcuts.
        case normal
        /// The `:` prompt has the keys.
        case command
        /// `/`: searching the Data pane for text or hex.
        case find
        /// `g`: jumping to an offset in the Data pane.
        case goto
        /// Editing an option of the selected stream in the Options pane.
        case editOption(SocketOptionName)
        /// A yes/no question (quit with streams open, close).
        case confirm(Confirmation)
        /// The help overlay.
        case help
        /// One Log event shown whole (Enter on a Log line), by its sequence number.
        case logEntry(UInt64)
    }

    public enum Confirmation: Sendable, Hashable {
        case quit(streams: Int, listeners: Int)
        case close(EntryID)
        /// Abort a connection of the Host view (SOCK_DESTROY).
        case abort(HostRow)
        /// `allow-write` on an attached stream, as typed (it may carry a `s2:` prefix).
        case allowWrite(String)
        /// `abort` of an attached stream's connection, as typed.
        case abortStream(String)
    }

    public var mode: Mode = .normal
    public var focus: Pane = .streams
    public var editor = LineEditor()
    /// Separate history for finds, so commands and searches do not mix.
    public var findHistory: [String] = []
    /// The last thing said in the status line, and whether it reports a failure.
    public var status: String = ""
    public var statusIsError = false
    /// How many of the session's lost writes the status line has said (see `noticeLostWrites`).
    public var lostWritesSaid = 0
    /// The number of the last accept the status line announced (see `noticeAccepts`).
    public var acceptsSaid = 0

    public var dataView: DataView = .received
    /// The Data pane shows text (one row per line) instead of the hexdump.
    public var dataText = false
    /// Show the selected stream and its other end side by side.
    public var bothEnds = true
    /// First line shown in the Data pane; nil follows the newest bytes.
    public var dataTop: Int?
    /// The bytes a find matched, highlighted.
    public var match: Range<UInt64>?
    public var lastFind: [UInt8]?
    /// Selected row in the Options pane.
    public var optionRow = 0
    /// First event shown in the Log pane; nil follows the newest.
    public var logTop: UInt64?
    /// The Log line Enter opens, by sequence number; nil is the newest.
    public var logCursor: UInt64?
    /// First row shown of an event opened whole.
    public var logEntryTop = 0
    /// First row shown in the Streams pane.
    public var streamsTop = 0
    public var helpTop = 0
    /// Whether the terminal takes UTF-8 (line drawing, sparklines).
    public var unicode = true
    /// Of Options and Kernel, the one last focused: in a narrow terminal they share a slot.
    public var lastDetail: Pane = .options
    /// The Host view (every TCP socket on the host), while it is shown.
    public var host: HostViewState?

    public init() {}
}
