/// How a stream is joined with another, as the view shows it.
public struct JoinMark: Sendable, Hashable {
    /// Which end of a relayed pair a stream is, or a pair joined by hand.
    public enum Role: Sendable, Hashable {
        /// Accepted by a `relay` listener: the connection from the client.
        case client
        /// Opened by a `relay` listener toward its upstream for a client.
        case upstream
        /// Joined by `join`.
        case joined
    }

    public var partner: StreamID
    public var role: Role
    /// `hold on`: what arrives stays in the kernel's queue.
    public var held = false
    /// Held bytes `step` still lets through.
    public var allowance = 0
    /// Bytes received here and sent to the partner.
    public var forwarded: UInt64 = 0
    /// Bytes received here and dropped (`drop`).
    public var dropped: UInt64 = 0
    /// Bytes sent here by `send` while joined (injected between forwarded ones).
    public var injected: UInt64 = 0
    /// `delay`: what arrives here waits this long before it is forwarded.
    public var delay: Duration?
    /// `rate`: what arrives here is forwarded at most this many bytes a second.
    public var rate: Int?

    public init(partner: StreamID, role: Role) {
        self.partner = partner
        self.role = role
    }

    /// The Streams pane's flag: `cl:s3` (the client's side, joined with s3), `up:s2` (the
    /// upstream side, joined with s2), `j:s3` (joined by hand); `hold` while held, `+200ms` for
    /// a delay, `10 KiB/s` for a rate.
    public var flag: String {
        let pair = switch role {
        case .client: "cl:\(partner)"
        case .upstream: "up:\(partner)"
        case .joined: "j:\(partner)"
        }
        var flag = held ? pair + " hold" : pair
        if let delay { flag += " +" + DurationText.format(delay) }
        if let rate { flag += " " + HumanText.size(rate) + "/s" }
        return flag
    }
}
