/// What a cell means, not what colour it is: the Terminal maps each role to a colour pair (or to
/// bold/reverse/underline on a monochrome terminal), so panes never pick colours themselves.
public enum Role: UInt8, Sendable, CaseIterable {
    case normal
    case dim
    case title
    case border
    case borderFocused
    case header
    case selected
    case footerKey
    case footerLabel
    case status
    case prompt
    case error
    case warning
    case good
    case peeked
    case read
    case sent
    case boundary
    case match
    case pending
    case stateEstablished
    case stateClosing
    case stateClosed
}
