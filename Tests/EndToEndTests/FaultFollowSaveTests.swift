import Foundation
import Testing
import TestSupport

/// Nothing lost with the screen running: a stream of random bytes followed in the UI with
/// --save-read is saved whole, with the SHA-256 the peer computed. (CI: 64 MiB; scripts/soak
/// sets SOAK_FOLLOW_BYTES to 1 GiB.)
@Suite("Nothing lost with the screen running")
struct FollowSaveFaultTests {
    static let size = ProcessInfo.processInfo.environment["SOAK_FOLLOW_BYTES"].flatMap(Int.init) ?? 64 << 20

    @Test func aFollowedStreamSavedFromTheScreenHasTheSendersDigest() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = dir.appendingPathComponent("saved.bin").path
        let (peer, port) = try ScriptedPeer.randomSender(count: Self.size, waitForGo: true)
        let tmux = try await TmuxSession(
            command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port) --save-read \(shellQuote(saved))"), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        try await tmux.sendKeys("f")
        try await tmux.waitFor(text: "follow on")
        try peer.send("go\n")
        try await tmux.waitFor(text: "end of stream after \(Self.size)", timeout: .seconds(1800))
        let digest = try await peer.waitForLine(containing: "SHA ", timeout: .seconds(60))
        try await tmux.sendKeys("q")
        try await tmux.waitFor(text: "Quit and close")
        try await tmux.sendKeys("y")
        try await tmux.waitFor(text: "DONE 0")
        let check = try await CommandRunner.run(["sha256sum", saved], timeout: .seconds(600))
        #expect(check.stdout.hasPrefix(String(digest.dropFirst(4)) + " "), "saved: \(check.stdout) sent: \(digest)")
        let size = (try FileManager.default.attributesOfItem(atPath: saved)[.size] as? Int) ?? -1
        #expect(size == Self.size)
    }
}
