import Foundation
import Testing
import TestSupport

/// Attaching on screen: Enter on a Host view row, the ATTACHED banner, a peek of the owner's
/// bytes, allow-write only after a y/n confirmation, and the detach when the owner closes it.
@Suite("attach on screen")
struct AttachScreenTests {
    @Test func enterOnAHostRowAttachesAndPeekShowsTheOwnersBytes() async throws {
        guard geteuid() == 0 else {
            print("skipped: attaching to another process's socket needs root (CAP_SYS_PTRACE)")
            return
        }
        let held = try UnreadConnection()
        let filter = "sockets pid \(held.pid) and sport = :\(held.listenPort) and state established"
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope(filter), width: 160, height: 40)
        defer { withExtendedLifetime((tmux, held)) {} }
        try await tmux.waitUntil("the accepted socket's row") { $0.contains("Host: 1 TCP socket matching") && $0.contains("\(held.pid)/python3") }
        try await tmux.sendKeys("Enter")
        let attached = try await tmux.waitUntil("the banner and the flag") { s in
            s.contains("ATTACHED to pid \(held.pid) (python3) fd \(held.fd) · read-only until allow-write") && s.contains("ATT")
        }
        #expect(attached.contains("Streams (1 stream"), "\(attached)")
        try await ScreenEndToEndTests.command(tmux, "peek")
        try await tmux.waitUntil("the owner's 100 bytes peeked") { $0.contains("peeked 100") }
        try await ScreenEndToEndTests.command(tmux, "read")
        try await tmux.waitFor(text: "read-only: reading consumes the owner's bytes")
        try await ScreenEndToEndTests.command(tmux, "allow-write")
        try await tmux.waitFor(text: "Allow read, follow, send, shutdown, set and error on the attached stream?")
        try await tmux.sendKeys("n")
        try await tmux.waitFor(text: "cancelled")
        let answer = try held.ask("read")
        #expect(answer == "100 True", "the owner still reads all 100 bytes")
        // The owner closes its socket: the stream lets go of its copy at once, and says so.
        #expect(try held.ask("close") == "done")
        try await tmux.waitUntil("the detach shows", timeout: .seconds(10)) { $0.contains("detached: owner closed it") }
    }

    @Test func abortAsksFirstThenTheOwnersNextCallFails() async throws {
        guard geteuid() == 0 else {
            print("skipped: attaching to another process's socket needs root (CAP_SYS_PTRACE)")
            return
        }
        let held = try UnreadConnection()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("listen 0"), width: 160, height: 40)
        defer { withExtendedLifetime((tmux, held)) {} }
        try await tmux.waitFor(text: "LISTEN")
        try await ScreenEndToEndTests.command(tmux, "attach \(held.pid):\(held.fd)")
        try await tmux.waitFor(text: "ATTACHED to pid \(held.pid)")
        try await ScreenEndToEndTests.command(tmux, "abort")
        try await tmux.waitFor(text: "Abort the attached stream's connection?")
        try await tmux.sendKeys("y")
        try await tmux.waitFor(text: "aborted ESTABLISHED 127.0.0.1:\(held.listenPort)")
        #expect(try held.ask("send") == "ECONNABORTED", "the owner's next call fails")
    }
}
