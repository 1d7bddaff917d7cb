import Foundation
import Testing
import TestSupport

/// While a stream is followed at full speed, the follow pass publishes its progress every few
/// milliseconds; the screen draws at most about sixty frames a second. The UI thread must not be
/// woken for each publication (three or four a frame, each a context switch on a two-core
/// machine shared with the stream itself): once a frame is due, it sleeps until that frame.
// A sanitizer's instrumented locks and allocator add waits of their own to the UI thread, so
// the count says nothing about wake-ups there: this runs in ordinary builds only.
@Suite("The screen while following", .disabled(if: Sanitizer.active != nil, "counts the wake-ups of an ordinary build"))
struct FollowWakeUpTests {
    /// Voluntary context switches of the UI thread (the process's main thread): each is a
    /// sleep in its poll, so each wake-up is one.
    static func uiThreadSwitches(_ pid: pid_t) -> Int? {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
        return line.flatMap { Int($0.split(separator: "\t").last?.trimmingCharacters(in: .whitespaces) ?? "") }
    }

    static func frames(_ log: String) -> Int {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test func theUIThreadWakesAboutOnceAFrame() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        stop = stopping_on('stop')
        block = os.urandom(1 << 20); sent = 0
        # 64 GiB bounds a run nobody stops.
        while not stop.is_set() and sent < 64 << 30:
            c.sendall(block); sent += len(block)
        c.close(); time.sleep(60)
        """)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-wake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("frames.log").path
        let tmux = try await TmuxSession(
            command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port) --frame-log \(shellQuote(log))"), width: 160, height: 50)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        let pid = try await FaultScreen.tool(in: tmux).pid
        try await tmux.sendKeys("f")
        try await tmux.waitFor(text: "follow on")
        // Past the start: frames come from the flood alone.
        _ = try await poll(timeout: .seconds(30)) { Self.frames(log) >= 30 ? true : nil }
        let switchesBefore = try #require(Self.uiThreadSwitches(pid)), framesBefore = Self.frames(log)
        let enough = try await poll(timeout: .seconds(60)) { Self.frames(log) >= framesBefore + 100 ? true : nil }
        let switches = try #require(Self.uiThreadSwitches(pid)) - switchesBefore, frames = Self.frames(log) - framesBefore
        try peer.send("stop\n")
        try await tmux.sendKeys("q")
        try await tmux.sendKeys("y")
        _ = try await tmux.waitFor(text: "DONE ")

        #expect(enough != nil, "the flood kept the screen drawing: \(frames) frames")
        // One wake-up for the first change after a frame, one for the frame's time: two a
        // frame, and some slack for the thread's lock waits. Woken at each publication it was
        // 3.6 to 3.9 a frame.
        #expect(Double(switches) <= 2.75 * Double(max(frames, 1)),
                "\(switches) wake-ups of the UI thread for \(frames) frames")
    }
}
