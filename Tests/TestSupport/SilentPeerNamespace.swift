import Foundation

/// A network namespace of the test's own where every packet sent with the TOS byte 16 is
/// lost: a routing rule blackholes it before it leaves. Inside it, one stream of a loopback
/// pair becomes a peer that vanished when it sets `tos 16`: it still runs, but nothing it sends
/// (ACKs included) arrives, and it is told nothing, as across a dead network. Setting IP_TOS
/// drops the socket's cached route, so the rule holds from the next packet on.
///
/// The local table's rule moves behind the blackhole (priority 100), or loopback traffic would
/// be delivered before the TOS is looked at. Nothing leaves the namespace: it has only `lo`.
public final class SilentPeerNamespace: @unchecked Sendable {  // `removed` is set once, by the owner
    /// The namespace's name, for `ip netns exec`.
    public let name: String
    /// The TOS value whose packets are lost.
    public static let silentTos = 16
    private var removed = false

    public init() throws {
        name = "tcpscope-\(String(UUID().uuidString.prefix(6)).lowercased())-q"
        let steps: [[String]] = [
            ["ip", "netns", "add", name],
            ["ip", "-n", name, "link", "set", "lo", "up"],
            ["ip", "-n", name, "rule", "add", "pref", "50", "tos", "0x10", "blackhole"],
            ["ip", "-n", name, "rule", "add", "pref", "100", "lookup", "local"],
            ["ip", "-n", name, "rule", "del", "pref", "0"],
        ]
        for step in steps where NamespacePair.run(step) != 0 {
            remove()
            throw HarnessError("could not set up a namespace: \(step.joined(separator: " ")) failed")
        }
    }

    deinit {
        remove()
    }

    /// `argv` run inside the namespace.
    public func inside(_ argv: [String]) -> [String] {
        ["ip", "netns", "exec", name] + argv
    }

    /// Deletes the namespace. Safe to call twice.
    public func remove() {
        guard !removed else { return }
        removed = true
        _ = NamespacePair.run(["ip", "netns", "delete", name])
    }
}
