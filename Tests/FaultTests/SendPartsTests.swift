import Foundation
import Testing
import TestSupport

/// `send` with several parts, files and `repeat=`, run headless by the real binary against a
/// python peer that counts and hashes every byte it receives until end of stream.
@Suite("send: parts, files and repeat=")
struct SendPartsTests {
    /// A peer that reads to end of stream and prints `GOT <count> <sha256>`.
    private static func countingPeer() throws -> (PeerProcess, UInt16) {
        try ScriptedPeer.listening("""
        h = hashlib.sha256(); n = 0
        while True:
            b = c.recv(1 << 20)
            if not b: break
            h.update(b); n += len(b)
        print('GOT', n, h.hexdigest(), flush=True)
        """)
    }

    private static func got(_ peer: PeerProcess) throws -> (count: Int, sha: String) {
        let words = try peer.waitForLine(prefix: "GOT ", timeout: .seconds(60)).split(separator: " ")
        return (Int(words.first ?? "") ?? -1, String(words.last ?? ""))
    }

    @Test func textHexAndAFileRepeatedReachThePeerByteForByte() async throws {
        let scratch = try ScratchDirectory()
        // 3 MiB of every byte value, so the file is read in several chunks and repeated.
        let body = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })
        let bodyPath = scratch.file("body with blanks.bin")
        try body.write(to: URL(fileURLWithPath: bodyPath))
        var expected = Data()
        for _ in 0..<2 { expected += Data("GET / HTTP/1.1\r\n".utf8) + Data([0x0D, 0x0A]) + body }
        let expectedPath = scratch.file("expected")
        try expected.write(to: URL(fileURLWithPath: expectedPath))

        let (peer, port) = try Self.countingPeer()
        let script = """
        connect 127.0.0.1:\(port)
        send "GET / HTTP/1.1\\r\\n" hex:0d0a file:"\(bodyPath)" repeat=2
        shutdown write
        """
        let result = try await ToolRun.run(["run", "-"], stdin: script)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ok  \(expected.count)  "), "\(result.stdout)")
        #expect(result.stdout.contains("the first 65536 of \(expected.count) bytes are kept in the log"), "\(result.stdout)")
        let got = try Self.got(peer)
        #expect(got.count == expected.count)
        #expect(got.sha == (try await sha256(ofFile: expectedPath)))
        await peer.terminate()
    }

    @Test func aMissingFileIsNamedWithItsErrnoAndNothingIsSent() async throws {
        let scratch = try ScratchDirectory()
        let missing = scratch.file("no\u{1b}]0;such")
        let (peer, port) = try Self.countingPeer()
        let script = """
        connect 127.0.0.1:\(port)
        send "first" file:"\(missing.replacingOccurrences(of: "\u{1b}", with: "\\e"))"
        """
        let result = try await ToolRun.run(["run", "-"], stdin: script)
        #expect(result.status == 1)
        let all = result.stdout + result.stderr
        #expect(all.contains("ENOENT (No such file or directory) in stat "), "\(all)")
        #expect(all.contains("no\\x1b]0;such"), "the name is shown escaped: \(all)")
        #expect(!all.contains("\u{1b}"), "no raw escape reaches the output")
        #expect(all.contains("nothing was sent"), "\(all)")
        let got = try Self.got(peer)
        #expect(got.count == 0, "the text before the missing file was not sent either")
        await peer.terminate()
    }

    @Test func aDirectoryIsRefusedAsNotARegularFile() async throws {
        let scratch = try ScratchDirectory()
        let (peer, port) = try Self.countingPeer()
        let result = try await ToolRun.run(["run", "-"], stdin: "connect 127.0.0.1:\(port)\nsend file:\(scratch.path)\n")
        #expect(result.status == 1)
        #expect((result.stdout + result.stderr).contains("is a directory: only a regular file can be sent"),
                "\(result.stdout)\(result.stderr)")
        #expect(try Self.got(peer).count == 0)
        await peer.terminate()
    }

    @Test func moreThanOneGibibyteInAllIsRefusedBeforeAnythingIsSent() async throws {
        let scratch = try ScratchDirectory()
        // A sparse file: 600 MiB long without taking the disk space.
        let big = scratch.file("big.bin")
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 600 << 20)
        try handle.close()
        let (peer, port) = try Self.countingPeer()
        let result = try await ToolRun.run(["run", "-"], stdin: "connect 127.0.0.1:\(port)\nsend file:\(big) repeat=2\n")
        #expect(result.status == 1)
        #expect((result.stdout + result.stderr).contains("\(600 << 20) bytes × 2 is more than the 1 GiB one send may write; nothing was sent"),
                "\(result.stdout)\(result.stderr)")
        #expect(try Self.got(peer).count == 0)
        await peer.terminate()
    }

    @Test func aScriptLineOverTheLimitIsStillRefusedButRepeatReachesMegabytes() async throws {
        let (peer, port) = try Self.countingPeer()
        let result = try await ToolRun.run(["run", "-"], stdin: """
        connect 127.0.0.1:\(port)
        send "0123456789abcdef" repeat=262144
        shutdown write
        """)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try Self.got(peer).count == 4 << 20)
        await peer.terminate()
        let long = try await ToolRun.run(["run", "-"], stdin: "send " + String(repeating: "a", count: 70_000) + "\n")
        #expect(long.status == 2, "a line longer than 64 KiB is a parse error: \(long.stderr)")
    }
}
