import Foundation
import Testing
import TestSupport

/// A listener that other hosts can reach is flagged on the screen, whatever spelling of the
/// wildcard bound it: here the IPv4-mapped one, `[::ffff:0.0.0.0]`, which accepts IPv4
/// connections from every interface. Nothing is sent anywhere: the test only listens.
@Suite("Listener exposure on the screen")
struct ListenerExposureScreenTests {
    @Test func aV4MappedWildcardListenerIsFlaggedAllInterfaces() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("listen '[::ffff:0.0.0.0]:0'"), width: 160, height: 40)
        defer { withExtendedLifetime(tmux) {} }
        let screen = try await tmux.waitUntil("the listener's row is drawn") { screen in
            screen.components(separatedBy: "\n").contains { $0.contains(" l1 ") && $0.contains("LISTEN") }
        }
        let row = screen.components(separatedBy: "\n").first { $0.contains(" l1 ") && $0.contains("LISTEN") } ?? ""
        #expect(row.contains("ALL-IFACES"), "the row says it: \(row)")
        #expect(screen.contains("all interfaces: reachable from other hosts"), "the header bar says it:\n\(screen)")
        #expect(tmux.isAlive())
    }
}
