import Foundation
import Testing
import TcpModel
import TestSupport

/// Descriptor exhaustion on the screen: tcpscope under a limit of 40 descriptors listens, and
/// more clients connect than it can take. The listener's row says EMFILE and the Log says so
/// once; the screen keeps working; closing ten streams from the prompt lets the listener
/// accept again, and the Log says that too.
@Suite("EMFILE on the screen")
struct DescriptorFaultTests {
    @Test func theListenerShowsEMFILEAndAcceptsAgainWhenStreamsClose() async throws {
        let tmux = try await TmuxSession(command: "prlimit --nofile=40:40 " + (try ScreenEndToEndTests.tcpscope("listen 0")),
                                         width: 160, height: 50)
        defer { withExtendedLifetime(tmux) {} }
        let start = try await tmux.waitFor(text: "l1   LISTEN")
        #expect(try await tmux.waitFor(text: "note  ok  Descriptor limit 40 (hard 40)").contains("l1   LISTEN"),
                "the low limit is said at start, in the Log")
        let row = try #require(start.components(separatedBy: "\n").first { $0.contains("l1   LISTEN") })
        let port = try #require(row.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression).flatMap { UInt16(row[$0].dropFirst(10)) })

        var clients: [TcpStream] = []
        for _ in 0..<60 { clients.append(try TcpStream.connect("127.0.0.1:\(port)")) }
        let full = try await tmux.waitUntil("the listener says EMFILE") { screen in
            screen.components(separatedBy: "\n").contains { $0.contains("l1   LISTEN") && $0.contains("EMFILE") }
                && screen.contains("accept  EMFILE (Too many open files) in accept")
        }
        let accepted = try #require(Self.acceptedCount(full))
        #expect(accepted >= 10 && accepted < 40, "\(accepted) accepted")
        for n in 1...10 { try await ScreenEndToEndTests.command(tmux, "s\(n): close") }
        let recovered = try await tmux.waitUntil("it accepts again") { screen in
            screen.contains("accepting again") && (Self.acceptedCount(screen) ?? 0) >= accepted + 10
        }
        #expect(recovered.hasPrefix(" tcpscope "))
        #expect(tmux.isAlive())
        withExtendedLifetime(clients) {}
    }

    /// `acc N` from the listener's row.
    static func acceptedCount(_ screen: String) -> Int? {
        guard let row = screen.components(separatedBy: "\n").first(where: { $0.contains("l1   LISTEN") }),
              let range = row.range(of: #"acc \d+"#, options: .regularExpression) else { return nil }
        return Int(row[range].dropFirst(4))
    }
}
