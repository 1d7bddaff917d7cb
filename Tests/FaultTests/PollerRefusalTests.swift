import Foundation
import Testing
import TestSupport
@testable import Inspector

/// When the kernel refuses what the poller needs, tcpscope says so and stops, or says so for
/// the one stream concerned, instead of spinning or watching nothing in silence.
@Suite("The kernel refuses the poller")
struct PollerRefusalFaultTests {
    /// Descriptor limits at which the first descriptors tcpscope opens fail: with 4, its first
    /// eventfd gets descriptor 3 and epoll_create1 finds none; with 5, the poller's own eventfd
    /// finds none; with 6 and 7, the three Dispatch opens for its timers would not all fit (it
    /// would crash the process). (Fewer than 4 and the loader cannot open the libraries.)
    @Test(arguments: [4, 5, 6, 7])
    func aRunWithoutDescriptorsForThePollerSaysSoAndExits(limit: Int) async throws {
        let script = "listen 0\nwait accepted timeout=60s\n"
        let tool = try ToolRun.start(["run", "-"], prefix: ["prlimit", "--nofile=\(limit):\(limit)"], stdin: script,
                                     environment: DescriptorExhaustionFaultTests.starvedSanitizer())
        let status = await tool.exited(within: .seconds(20))
        if status == nil { await tool.terminate() }
        #expect(status == 1, "exits with status 1, not a spin or a crash: \(String(describing: status)) \(tool.stderr.suffix(1500))")
        _ = await within(.seconds(5)) { tool.outputEnded }
        let said = tool.stderr.range(of: #"tcpscope cannot watch sockets: EMFILE \(Too many open files\) in (epoll_create1|eventfd)"#,
                                     options: .regularExpression)
        #expect(said != nil, "stderr names the call and errno: \(tool.stderr.suffix(1500))")
        #expect(!tool.stdout.contains("listen"), "nothing ran: \(tool.stdout.suffix(600))")
    }

    /// epoll_ctl failing on one stream (here its registration was removed behind the session's
    /// back, so re-arming it fails with ENOENT) is said in the Log and on that stream, once;
    /// the rest of the session goes on.
    @Test func aRefusedEpollCtlOnOneStreamIsReported() async throws {
        let (peer, port) = try ScriptedPeer.listening("c.sendall(b'x' * 1000); time.sleep(30)")
        try await withSession { session in
            await ok(session, "connect 127.0.0.1:\(port)")
            let entry = try #require(session.entry(StreamID(1)))
            #expect(session.poller.remove(entry.stream.fileDescriptor) == nil)
            await ok(session, "follow on")
            await ok(session, "wait bytes 1000 timeout=10s")
            await ok(session, "send ping")
            let refused = { session.allEvents.filter { $0.op == "epoll_ctl" && $0.entry == .stream(StreamID(1)) } }
            #expect(await within(.seconds(10)) { !refused().isEmpty }, "the refusal is in the Log")
            let event = try #require(refused().first)
            #expect(!event.ok && event.errnoName == "ENOENT", "\(event)")
            #expect(event.error?.contains("epoll_ctl(MOD)") == true, "\(event)")
            #expect(refused().count == 1, "said once, not once per drain: \(refused())")
            #expect(session.snapshot().stream(1)?.lastError?.contains("ENOENT") == true, "the stream shows it")
            await stillWorks(session)
        }
        withExtendedLifetime(peer) {}
    }
}
