import Foundation

/// Two network namespaces of the test's own, joined by a veth pair: a peer that can vanish
/// without a FIN or an RST, because the test can take the link down under a live connection.
///
/// Addresses (10.213.0.1 and .2, a private range) exist only inside the two namespaces, so no
/// packet of a test ever reaches a real network. `remove()` (or deinit) deletes both namespaces,
/// and with them the veth pair, whatever the test did in between.
public final class NamespacePair: @unchecked Sendable {  // names never change; `removed` is set once, by the owner
    /// Where the tool under test runs.
    public let client: String
    /// Where the peer runs.
    public let server: String
    public static let clientAddress = "10.213.0.1"
    public static let serverAddress = "10.213.0.2"
    private let serverLink: String
    private var removed = false

    /// Whether this machine lets the test make namespaces (root, and a kernel and container that
    /// allow it), probed once by making and deleting one.
    public static let isAvailable: Bool = {
        let probe = "tcpscope-probe-\(getpid())"
        guard run(["ip", "netns", "add", probe]) == 0 else { return false }
        _ = run(["ip", "netns", "delete", probe])
        return true
    }()

    /// Why tests that need namespaces are skipped here.
    public static let unavailableReason =
        "needs network namespaces (`ip netns add` as root); this machine refused one, so the test is SKIPPED, not passed"

    public init() throws {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        client = "tcpscope-\(tag)-a"
        server = "tcpscope-\(tag)-b"
        // Interface names have at most 15 characters.
        let clientLink = "ts\(tag)a"
        serverLink = "ts\(tag)b"
        let steps: [[String]] = [
            ["ip", "netns", "add", client],
            ["ip", "netns", "add", server],
            ["ip", "link", "add", clientLink, "netns", client, "type", "veth", "peer", "name", serverLink, "netns", server],
            ["ip", "-n", client, "link", "set", "lo", "up"],
            ["ip", "-n", server, "link", "set", "lo", "up"],
            ["ip", "-n", client, "addr", "add", "\(NamespacePair.clientAddress)/30", "dev", clientLink],
            ["ip", "-n", server, "addr", "add", "\(NamespacePair.serverAddress)/30", "dev", serverLink],
            ["ip", "-n", client, "link", "set", clientLink, "up"],
            ["ip", "-n", server, "link", "set", serverLink, "up"],
        ]
        for step in steps {
            var failure = NamespacePair.attempt(step)
            // A busy machine (two test runs, sanitizers) has seen a step fail once and then
            // work: each gets two more tries, a half-made veth pair removed first.
            for again in 1...2 where failure != nil {
                usleep(UInt32(200_000 * again))
                if step.starts(with: ["ip", "link", "add"]) { _ = NamespacePair.run(["ip", "-n", client, "link", "delete", clientLink]) }
                failure = NamespacePair.attempt(step)
            }
            if let failure {
                remove()
                throw HarnessError("could not set up namespaces: \(step.joined(separator: " ")) failed: \(failure)")
            }
        }
    }

    deinit {
        remove()
    }

    /// `argv` run inside the client namespace.
    public func inClient(_ argv: [String]) -> [String] {
        ["ip", "netns", "exec", client] + argv
    }

    /// `argv` run inside the server namespace.
    public func inServer(_ argv: [String]) -> [String] {
        ["ip", "netns", "exec", server] + argv
    }

    /// Takes the server's end of the link down: from then on every packet either way is lost,
    /// and neither side is told (no FIN, no RST, no ICMP). The client's route stays, so its
    /// retransmissions and keepalive probes go out and vanish, as across a dead network.
    public func cutLink() throws {
        guard NamespacePair.run(["ip", "-n", server, "link", "set", serverLink, "down"]) == 0 else {
            throw HarnessError("could not take \(serverLink) down in \(server)")
        }
    }

    /// Deletes both namespaces (and so the veth pair). Safe to call twice.
    public func remove() {
        guard !removed else { return }
        removed = true
        _ = NamespacePair.run(["ip", "netns", "delete", client])
        _ = NamespacePair.run(["ip", "netns", "delete", server])
    }

    /// Runs one step; nil when it worked, else its exit status and what it wrote to stderr.
    private static func attempt(_ argv: [String]) -> String? {
        guard let process = try? PeerProcess(argv) else { return "could not start it" }
        guard let status = process.exitStatus(within: .seconds(30)) else { return "still running after 30 s" }
        return status == 0 ? nil : "exit status \(status): \(process.stderr.suffix(300))"
    }

    /// Runs one `ip` step. `ip netns add` is tried again a few times: two of them at once (tests
    /// in parallel, or two test runs on one machine) race to set up the shared /run/netns mount,
    /// and the loser fails though nothing is wrong.
    static func run(_ argv: [String]) -> Int32 {
        let attempts = argv.starts(with: ["ip", "netns", "add"]) ? 5 : 1
        var status: Int32 = -1
        for attempt in 1...attempts {
            guard let process = try? PeerProcess(argv) else { return -1 }
            status = process.exitStatus(within: .seconds(30)) ?? -1
            if status == 0 || attempt == attempts { break }
            usleep(UInt32(100_000 * attempt))  // back off before racing again
        }
        return status
    }
}
