import Testing
import TestSupport
@testable import Inspector

/// The log is in the order things happened: an effect never comes before its cause. A stream's
/// accept is logged before anything done on the stream, and a peer's `shutdown write` before
/// the end of stream it causes on a followed stream. Each race is run many times, since the
/// wrong order, when possible, shows only some of the time.
@Suite("Events in the order they happened")
struct EventOrderTests {
    static let rounds = 40

    /// The session's log after `script` ran, as readable lines (what `tcpscope run` prints, in
    /// the same order), once `complete` holds for it: an event a script does not wait for
    /// (the follow's end of stream) may be logged just after the script's last line.
    static func logged(_ script: String, complete: ([String]) -> Bool = { _ in true }) -> [String] {
        let session = Session()
        defer { session.shutdown() }
        let printed = Lines()
        let code = ScriptRunner(session: session) { printed.add($0.text) }.run(script: script, name: "order")
        if code != .success { return ["the script failed: " + printed.all.joined(separator: "\n")] }
        var lines: [String] = []
        _ = waitUntil { lines = session.log.view.last(100).map { EventText.line($0) }; return complete(lines) }
        return lines
    }

    /// Where the first line holding every one of `parts` is, or nil.
    static func index(of parts: [String], in lines: [String]) -> Int? {
        lines.firstIndex { line in parts.allSatisfy { line.contains($0) } }
    }

    @Test func anAcceptIsLoggedBeforeWhatIsDoneOnTheStream() {
        for round in 0..<Self.rounds {
            let lines = Self.logged("listen 127.0.0.1:0\nconnect l1\ns2: set rcvbuf 4k\n") { Self.index(of: ["l1", "accept", "s2 from"], in: $0) != nil }
            let accept = Self.index(of: ["l1", "accept", "s2 from"], in: lines)
            let set = Self.index(of: ["s2", "set rcvbuf"], in: lines)
            guard let accept, let set, accept < set else {
                Issue.record("round \(round): the accept must come first:\n\(lines.joined(separator: "\n"))")
                return
            }
        }
    }

    @Test func aShutdownIsLoggedBeforeTheEndOfStreamItCauses() {
        for round in 0..<Self.rounds {
            let lines = Self.logged("listen 127.0.0.1:0\nconnect l1\ns2: follow on\ns1: shutdown write\ns2: wait closed\n") {
                Self.index(of: ["s2", "follow", "end of stream"], in: $0) != nil
            }
            let shutdown = Self.index(of: ["s1", "shutdown write"], in: lines)
            let end = Self.index(of: ["s2", "follow", "end of stream"], in: lines)
            guard let shutdown, let end, shutdown < end else {
                Issue.record("round \(round): the shutdown must come first:\n\(lines.joined(separator: "\n"))")
                return
            }
        }
    }

    @Test func aConnectIsLoggedBeforeTheAcceptItCauses() {
        for round in 0..<Self.rounds {
            let lines = Self.logged("listen 127.0.0.1:0\nconnect l1\n") { Self.index(of: ["l1", "accept", "s2 from"], in: $0) != nil }
            let connect = Self.index(of: ["s1", "connect l1"], in: lines)
            let accept = Self.index(of: ["l1", "accept", "s2 from"], in: lines)
            guard let connect, let accept, connect < accept else {
                Issue.record("round \(round): the connect must come first:\n\(lines.joined(separator: "\n"))")
                return
            }
        }
    }
}
