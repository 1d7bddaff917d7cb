import Testing
import TestSupport
@testable import Inspector

/// Every listener other hosts can reach is said to be so: the wildcard in each spelling (IPv4,
/// IPv6, and IPv4-mapped `::ffff:0.0.0.0`), and a single address that is not loopback. Only
/// loopback addresses are quiet. The tests only listen; nothing is sent.
@Suite("Listeners reachable from other hosts")
struct ListenerExposureTests {
    @Test(arguments: ["*:0", "[::]:0", "[::ffff:0.0.0.0]:0"])
    func everyWildcardIsAllInterfaces(address: String) async throws {
        await withSession { session in
            let outcome = await ok(session, "listen \(address)")
            #expect(outcome.message.contains("(all interfaces: reachable from other hosts)"), "\(outcome.message)")
            #expect(session.snapshot().listeners[ListenerID(1)]?.allInterfaces == true)
        }
    }

    @Test(arguments: ["127.0.0.1:0", "127.0.0.2:0", "[::1]:0", "[::ffff:127.0.0.1]:0"])
    func loopbackIsQuiet(address: String) async throws {
        await withSession { session in
            let outcome = await ok(session, "listen \(address)")
            #expect(!outcome.message.contains("reachable from other hosts"), "\(outcome.message)")
            #expect(session.snapshot().listeners[ListenerID(1)]?.allInterfaces == false)
        }
    }

    /// A single address that is not loopback reaches the hosts of its network. It exists only in
    /// a namespace of the test's own, and tcpscope runs there.
    @Test(.enabled(if: NamespacePair.isAvailable, Comment(rawValue: NamespacePair.unavailableReason)))
    func oneNonLoopbackAddressIsReachable() async throws {
        let pair = try NamespacePair()
        defer { pair.remove() }
        let result = try await ToolRun.run(["run", "-"], prefix: pair.inClient([]),
                                           stdin: "listen \(NamespacePair.clientAddress):0\n")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let listen = result.stdout.split(separator: "\n").first { $0.contains("listen ") } ?? ""
        #expect(listen.contains("(reachable from other hosts)"), "\(listen)")
        #expect(!listen.contains("all interfaces"), "one address is not every interface: \(listen)")
    }
}
