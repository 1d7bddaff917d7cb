/// What a key asks for in normal mode. Keys map to actions in `KeyMap`; the `Interaction`
/// carries them out. Actions that touch a socket are command lines, so a key is only a
/// shortcut for something the prompt also takes, and the Log shows it the same way.
public enum Action: Sendable, Hashable {
    case help
    case quit
    /// Opens the `:` prompt with this text already typed.
    case prompt(String)
    /// Runs a command line on the selection.
    case run(String)
    case toggleFollow
    /// `hold on` or `hold off` on the selected joined stream, whichever it is not.
    case toggleHold
    /// Ends what is pending on the selected stream (`cancel`), when something is.
    case cancelPending
    case close
    case find
    case findNext
    case findPrevious
    case gotoOffset
    case nextPane
    case previousPane
    case focus(Pane)
    case up
    case down
    case pageUp
    case pageDown
    case top
    case bottom
    case activate
    case toggleOption
    case toggleDataView
    case toggleTextView
    case toggleBothEnds
    /// Selects the newest stream (an accepted connection just announced).
    case newest
    /// Shows the Host view (every TCP socket on the host), or leaves it.
    case hostView
    case redraw
}
