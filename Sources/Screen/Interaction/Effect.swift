import Inspector

/// What the UI loop must do after a key: the Interaction itself never touches the session.
public enum Effect: Sendable, Hashable {
    /// Run a command line (the session's language) and report its outcome.
    case submit(String)
    case quit
    /// Repaint everything (ctrl-l).
    case redraw
    /// Show the Host view with this filter (checked, and as typed: empty for every socket), or
    /// leave it (nil).
    case host(filter: HostFilter?, text: String)
    /// Abort this connection (SOCK_DESTROY), confirmed.
    case abortHost(HostRow)
}
