import Foundation
import Testing
import TestSupport
@testable import Inspector

/// Scripts as editors and people write them, run by the real `tcpscope run`: a byte-order mark
/// at the start, extra blanks before a quoted text, and an `expect` that fails against
/// megabytes of received bytes, which must say so in a few hundred bytes, not megabytes.
@Suite("Script input edges")
struct ScriptInputEdgeFaultTests {
    /// Bytes an `expect` message shows at most, as the fault table documents it.
    static let previewLimit = 256

    /// Editors on Windows start UTF-8 files with U+FEFF; it is not part of the first command.
    @Test func aByteOrderMarkAtTheStartIsSkipped() async throws {
        let dir = try ScratchDirectory()
        let script = "\u{FEFF}listen 0\nconnect l1\nsend hi\ns2: wait bytes 2\ns2: read\nexpect text hi\n"
        let path = try dir.write("bom.tcps", script)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "the file starts with the mark")
        for source in [[path], ["-"]] {
            let result = try await ToolRun.run(["run"] + source, stdin: source == ["-"] ? script : nil)
            #expect(result.status == 0, "\(source): \(result.stdout)\(result.stderr)")
            #expect(!result.stderr.contains("unknown command"), "\(source): \(result.stderr)")
            #expect(result.stdout.contains("expect text \"hi\"  ok  matched"), "\(source): \(result.stdout)")
        }
        // Only at the very start: a mark inside a line is still what it is.
        let inside = try await ToolRun.run(["run", "-"], stdin: "listen 0\n\u{FEFF}connect l1\n")
        #expect(inside.status == 2, "\(inside.stdout)\(inside.stderr)")
    }

    /// `send  "x"`: the quotes delimit the text however many blanks come before them.
    @Test func blanksBeforeAQuotedTextSendTheTextNotTheQuotes() async throws {
        let (peer, port) = try ScriptedPeer.listening("""
        data = b''
        while len(data) < 6:
            chunk = c.recv(64)
            if not chunk: break
            data += chunk
        print('GOT', data.hex(), flush=True)
        time.sleep(5)
        """)
        let script = "connect 127.0.0.1:\(port)\nsend  \"ab\"\nsend \t 'cd'\nsend   hex:6566\n"
        let result = try await ToolRun.run(["run", "-"], stdin: script)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try await peer.line(after: "GOT ") == Data("abcdef".utf8).map { String(format: "%02x", $0) }.joined(),
                "the peer got the texts, without quotes or blanks")
    }

    /// A 2 MiB read, then an `expect` that does not match it: the message shows the start of
    /// what was read, escaped, and says how much it left out.
    @Test func anExpectThatFailsAfterAHugeReadSaysItInAFewHundredBytes() async throws {
        let count = 2 << 20
        let (peer, port) = try ScriptedPeer.listening("""
        c.sendall(b'\\x1b' * 1024 + b'A' * (int(sys.argv[2]) - 1024))
        time.sleep(30)
        """, arguments: [String(count)])
        defer { withExtendedLifetime(peer) {} }
        let script = """
        connect 127.0.0.1:\(port)
        set rcvbuf 4m
        wait bytes \(count) timeout=30s
        read \(count)
        expect text "nope"
        """
        let result = try await ToolRun.run(["run", "-"], stdin: script)
        #expect(result.status == 1, "\(result.stdout.prefix(3000))\(result.stderr.prefix(3000))")
        #expect(result.stdout.contains("read \(count)  ok  \(count)"), "one read took it all: \(result.stdout.prefix(3000))")
        let notShown = "\(count) bytes, \(count - Self.previewLimit) not shown"
        let problem = result.stdout.split(separator: "\n").last { $0.contains("failed:") } ?? ""
        #expect(problem.contains(notShown), "\(problem.prefix(3000))")
        #expect(problem.contains("\"" + String(repeating: "\\x1b", count: Self.previewLimit) + "\""),
                "the first bytes, escaped: \(problem.prefix(3000))")
        #expect(result.stdout.utf8.count < 16 << 10, "stdout is \(result.stdout.utf8.count) bytes")
        #expect(result.stderr.utf8.count < 4 << 10, "stderr is \(result.stderr.utf8.count) bytes")
    }

    /// `expect received` compares every byte a followed stream received: the same bound.
    @Test func anExpectReceivedAfterAFollowedFloodIsBoundedToo() async throws {
        let count = 2 << 20
        let (peer, port) = try ScriptedPeer.listening("""
        c.sendall(b'B' * int(sys.argv[2])); c.close()
        time.sleep(5)
        """, arguments: [String(count)])
        defer { withExtendedLifetime(peer) {} }
        let script = "connect 127.0.0.1:\(port)\nfollow on\nwait closed timeout=30s\nexpect received \"nope\"\n"
        let result = try await ToolRun.run(["run", "-", "--capture-bound", "4m"], stdin: script)
        #expect(result.status == 1, "\(result.stdout.prefix(3000))\(result.stderr.prefix(3000))")
        let problem = result.stdout.split(separator: "\n").last { $0.contains("failed:") } ?? ""
        #expect(problem.contains("\(count) bytes, \(count - Self.previewLimit) not shown"), "\(problem.prefix(3000))")
        #expect(result.stdout.utf8.count < 16 << 10, "stdout is \(result.stdout.utf8.count) bytes")
    }
}
