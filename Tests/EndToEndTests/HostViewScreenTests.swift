import Foundation
import Testing
import TestSupport

/// The Host view in a real terminal: every TCP socket of the host, with owners, refreshed,
/// sorted and marked when changed.
@Suite("Host view on screen")
struct HostViewScreenTests {
    @Test func socketsOpensTheScreenOnAHelpersSocketsWithTheirOwner() async throws {
        let held = try HeldConnection()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("sockets pid \(held.pid)"), width: 160, height: 30)
        defer { withExtendedLifetime((tmux, held)) {} }
        let screen = try await tmux.waitUntil("the helper's three sockets show") { s in
            s.contains("Host: 3 TCP sockets matching pid \(held.pid)")
                && s.split(separator: "\n").filter { $0.contains("\(held.pid)/python3") }.count == 3
        }
        #expect(screen.contains("127.0.0.1:\(held.listenPort)"))
        #expect(screen.contains("127.0.0.1:\(held.clientPort)"))
        #expect(screen.contains("LISTEN"))
        // Sorted by Local, largest first: the rows' local ports come in descending text order.
        for _ in 0..<3 { try await tmux.sendKeys("<") }
        let sorted = try await tmux.waitUntil("sorted by Local") { $0.contains("sorted by Local, largest first") && $0.contains("Local▼") }
        let locals = sorted.split(separator: "\n").filter { $0.contains("\(held.pid)/python3") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") }.map(String.init)
        }
        #expect(locals.count == 3)
        #expect(locals == locals.sorted(by: >), "\(locals)")
        try await tmux.sendKeys("o")
        let ascending = try await tmux.waitUntil("smallest first") { $0.contains("Local▲") }
        let again = ascending.split(separator: "\n").filter { $0.contains("\(held.pid)/python3") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") }.map(String.init)
        }
        #expect(again == locals.reversed())
    }

    @Test func hShowsTheHostViewFromASessionAndMarksARowThatChanged() async throws {
        let peer = try ScreenEndToEndTests.peer(sending: "x")
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 160, height: 30)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await tmux.sendKeys("H")
        try await tmux.waitFor(text: "Host: ")
        // A malformed filter is refused, naming the token, and the view stays as it was.
        try await ScreenEndToEndTests.command(tmux, "sockets state bogus")
        try await tmux.waitFor(text: "unknown state `bogus`")
        try await ScreenEndToEndTests.command(tmux, "sockets dport = :\(port)")
        // After a refresh with nothing new, nothing is marked.
        let quiet = try await tmux.waitUntil("the stream's socket shows, unchanged", timeout: .seconds(60)) { s in
            s.contains("Host: 1 TCP socket matching dport = :\(port), 0 changed") && s.contains("tcpscope")
                && !s.contains("reading")
        }
        #expect(quiet.contains("ESTABLISHED"))
        try await ScreenEndToEndTests.command(tmux, "send hello")
        let marked = try await tmux.waitUntil("the row is marked changed", timeout: .seconds(60)) { s in
            s.contains("1 changed") && s.split(separator: "\n").contains { $0.hasPrefix("│* ") && $0.contains("tcpscope") }
        }
        #expect(marked.contains("127.0.0.1:\(port)"))
        // The next refresh finds it unchanged again.
        try await tmux.waitUntil("the mark goes", timeout: .seconds(60)) { $0.contains(", 0 changed") }
        try await tmux.sendKeys("H")
        try await tmux.waitFor(text: "Streams (1 stream")
    }

    @Test func eachRowDrawsATrendOfTheSortColumn() async throws {
        // A peer that keeps sending to a stream nobody reads: its Recv-Q grows every refresh.
        let peer = try PeerProcess.python("""
            import socket, sys, time
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
            print('PORT', l.getsockname()[1], flush=True)
            c, _ = l.accept()
            for i in range(200):
                c.sendall(b'x' * 200); time.sleep(0.25)
            """)
        let port = try await peer.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port)"), width: 180, height: 30)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await ScreenEndToEndTests.command(tmux, "sockets dport = :\(port)")
        // Sorted by Recv-Q (the default), each refresh adds a higher bar to the row's trend.
        let rising = try await tmux.waitUntil("the row's trend rises over four refreshes", timeout: .seconds(60)) { s in
            guard s.contains("Recv-Q▼") && s.contains("Trend"),
                  let row = s.split(separator: "\n").first(where: { $0.hasPrefix("│") && $0.contains("127.0.0.1:\(port)") }) else {
                return false
            }
            let bars = row.unicodeScalars.compactMap { "▁▂▃▄▅▆▇█".unicodeScalars.firstIndex(of: $0) }
            return bars.count >= 4 && bars == bars.sorted() && bars.first != bars.last
        }
        #expect(rising.contains("ESTABLISHED"))
        // A text column has no trend: the Trend header goes.
        try await tmux.sendKeys("<")
        try await tmux.waitUntil("sorted by Owner, no trend") { $0.contains("Owner▼") && !$0.contains("Trend") }
    }

    @Test func withoutRootTheViewSaysWhichOwnersItCannotSee() async throws {
        guard geteuid() == 0 else {
            print("skipped: drops to user nobody with setpriv, which needs root")
            return
        }
        let held = try HeldConnection()
        let command = "setpriv --reuid=65534 --regid=65534 --clear-groups " + (try ScreenEndToEndTests.tcpscope("sockets sport = :\(held.listenPort)"))
        let tmux = try await TmuxSession(command: command, width: 160, height: 30)
        defer { withExtendedLifetime((tmux, held)) {} }
        let screen = try await tmux.waitUntil("the sockets show without owners, and the note") { s in
            s.contains("Host: 2 TCP sockets matching sport = :\(held.listenPort)") && s.contains("of other users are not shown")
        }
        #expect(!screen.contains("python3"))
    }

    @Test func kAbortsTheConnectionUnderTheCursorAfterAConfirmationNamingItsOwner() async throws {
        guard geteuid() == 0 else {
            print("skipped: aborting a connection (SOCK_DESTROY) needs CAP_NET_ADMIN; run as root")
            return
        }
        let held = try HeldConnection()
        let tmux = try await TmuxSession(
            command: ScreenEndToEndTests.tcpscope("sockets sport = :\(held.listenPort) and state established"), width: 160, height: 30)
        defer { withExtendedLifetime((tmux, held)) {} }
        try await tmux.waitUntil("the accepted connection shows") { $0.contains("Host: 1 TCP socket matching") && $0.contains("python3") }
        try await tmux.sendKeys("K")
        let name = "ESTABLISHED 127.0.0.1:\(held.listenPort) -> 127.0.0.1:\(held.clientPort) (owned by \(held.pid)/python3 fd \(held.acceptedFd))"
        try await tmux.waitFor(text: "Abort \(name)? y/n")
        // n keeps it.
        try await tmux.sendKeys("n")
        try await tmux.waitFor(text: "cancelled")
        try await tmux.sendKeys("K")
        try await tmux.waitFor(text: "Abort \(name)? y/n")
        try await tmux.sendKeys("y")
        try await tmux.waitFor(text: "aborted \(name)")
        #expect(try held.receiveOnAccepted() == "ECONNABORTED")
        try await tmux.waitFor(text: "Host: 0 TCP sockets matching")
    }
}
