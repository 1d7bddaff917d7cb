import Foundation
import Testing
import TestSupport

/// A flood while the person types at the prompt: the peer sends as fast as loopback goes while
/// follow mode reads it all; every key is still handled (each command typed one key at a time
/// gets its answer), the resident size stays within the capture bound, and at the end the Log
/// counts every byte the peer sent. The flood lasts until the typing is done and at least 1 GiB
/// has gone through (scripts/soak raises that with SOAK_FLOOD_BYTES, typing round after round).
@Suite("A flood while the user types")
struct FloodFaultTests {
    /// The least the flood sends; it goes on after that until the typing is done.
    static let minimumBytes = ProcessInfo.processInfo.environment["SOAK_FLOOD_BYTES"].flatMap(Int.init) ?? 1 << 30

    static let commands = ["get ttl", "set nodelay on", "get nodelay", "info", "get rcvbuf"]
    static let answers = ["ttl=64", "set nodelay on  ok  on", "nodelay=on", "  info  ok  ESTABLISHED", "rcvbuf="]

    @Test func keysAreHandledAndMemoryStaysBounded() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        stop = stopping_on('stop')
        block = os.urandom(1 << 20); minimum = int(sys.argv[2]); sent = 0; said = False
        # 64 GiB bounds a run nobody stops; typing is done long before.
        while sent < 64 << 30 and not (stop.is_set() and sent >= minimum):
            c.sendall(block); sent += len(block)
            if not said and sent >= minimum:
                print('MINIMUM', flush=True); said = True
        print('SENT', sent, flush=True)
        c.close(); time.sleep(60)
        """, arguments: [String(Self.minimumBytes)])
        let bound = 1 << 20
        // AddressSanitizer's quarantine holds up to 256 MiB of freed follow chunks to catch use
        // after free; without it the peak is live memory again, which is what is bounded here.
        let noQuarantine = Sanitizer.environment(adding: [.address: "quarantine_size_mb=0:thread_local_quarantine_size_kb=0"])
        if !noQuarantine.isEmpty { Sanitizer.note("the flooded tcpscope has no ASan quarantine, so its peak means live memory") }
        let tmux = try await TmuxSession(command: try ScreenEndToEndTests.tcpscope("connect 127.0.0.1:\(port) --capture-bound 1MiB"),
                                         width: 160, height: 50, environment: noQuarantine)
        defer { withExtendedLifetime((tmux, peer)) {} }
        try await tmux.waitFor(text: "ESTABLISHED")
        let tool = try await FaultScreen.tool(in: tmux)
        let baseline = try #require(tool.residentBytes)
        try await tmux.sendKeys("f")
        try await tmux.waitFor(text: "follow on")

        var round = 0
        // Every command once, under the flood; then `set ttl N` round after round (each answer
        // new on the screen) until the least the flood sends is through.
        while round < Self.commands.count || (!peer.stdout.contains("MINIMUM") && round < 10_000) {
            let ttl = 2 + round % 250
            let (command, answer) = round < Self.commands.count
                ? (Self.commands[round], Self.answers[round]) : ("set ttl \(ttl)", "set ttl \(ttl)  ok  \(ttl)")
            try await tmux.sendKeys(":")
            try await FaultScreen.typeSlowly(tmux, command)
            try await tmux.sendKeys("Enter")
            let before = peer.stdout.contains("SENT")
            try await tmux.waitFor(text: answer, timeout: .seconds(30))
            if round == 0 {
                #expect(!before, "the flood was still going while \(command) was typed")
            }
            round += 1
        }
        try peer.send("stop\n")
        let sent = try peer.waitForLine(prefix: "SENT ", timeout: .seconds(600))
        let peak = try #require(tool.peakResidentBytes)
        try await tmux.waitFor(text: "end of stream after \(sent)", timeout: .seconds(120))
        // Two capture rings (received and sent) at the bound, one follow chunk, and headroom
        // for the screen and the allocator: far below what was sent.
        let allowance = 2 * bound + (48 << 20)
        #expect(peak - baseline < allowance, "peak \(peak >> 20) MiB over a baseline of \(baseline >> 20) MiB after \(sent) bytes")
        print("FLOOD bytes=\(sent) rounds=\(round) baseline=\(baseline >> 10)KiB peak=\(peak >> 10)KiB")
        #expect(tmux.isAlive())
    }
}
