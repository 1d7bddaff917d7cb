import Foundation
import Glibc
import Testing
import TcpModel
import TestSupport

@Suite("Reading, peeking and writing")
struct ReadWriteTests {
    @Test("peek shows the same bytes twice, then read consumes them", arguments: ["127.0.0.1", "::1"])
    func peekThenRead(host: String) throws {
        let (client, server, _) = try loopbackPair(host)
        try server.writeAll(Array("hello".utf8))
        try waitUntil { try client.pendingReadBytes() == 5 }
        #expect(try client.peek(maxLength: 16) == Array("hello".utf8))
        #expect(try client.peek(maxLength: 3) == Array("hel".utf8))
        #expect(try client.pendingReadBytes() == 5, "peek consumes nothing")
        #expect(try client.read(maxLength: 2) == Array("he".utf8))
        #expect(try client.peek(maxLength: 16) == Array("llo".utf8))
        #expect(try client.read(maxLength: 16) == Array("llo".utf8))
        #expect(try client.pendingReadBytes() == 0)
    }

    @Test func nonblockingEmptyPeekAndReadWouldBlock() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setNonblocking(true)
        for op in [{ try client.peek(maxLength: 4) }, { try client.read(maxLength: 4) }] {
            do {
                _ = try op()
                Issue.record("returned without data")
            } catch let error as SocketError {
                #expect(error.kind == .wouldBlock)
            }
        }
    }

    @Test func readReturnsEmptyAtEndOfStream() throws {
        let (client, server, _) = try loopbackPair()
        try server.shutdown(.write)
        #expect(try client.read(maxLength: 10).isEmpty)
        #expect(try client.peek(maxLength: 10).isEmpty)
    }

    @Test func readExactFillsOrReportsUnexpectedEof() throws {
        let (client, server, _) = try loopbackPair()
        try server.writeAll(Array("abcdefgh".utf8))
        #expect(try client.readExact(count: 3) == Array("abc".utf8))
        try server.shutdown(.write)
        do {
            _ = try client.readExact(count: 10)
            Issue.record("no eof")
        } catch {
            #expect(error.kind == .unexpectedEof)
        }
        #expect(try client.readExact(count: 0) == [])
    }

    @Test func readToEndAndToString() throws {
        let (client, server, _) = try loopbackPair()
        let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 26 + 97) }
        let writer = Thread { try? server.writeAll(big); try? server.shutdown(.write) }
        writer.start()
        #expect(try client.readToString() == String(decoding: big, as: UTF8.self))
    }

    @Test func readToStringRefusesInvalidUTF8() throws {
        let (client, server, _) = try loopbackPair()
        try server.writeAll([0x61, 0xFF, 0xFE, 0x62])
        try server.shutdown(.write)
        do {
            _ = try client.readToString()
            Issue.record("accepted invalid UTF-8")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(error.description.contains("stream did not contain valid UTF-8"))
        }
    }

    @Test func vectoredWriteAndRead() throws {
        let (client, server, _) = try loopbackPair()
        let a = Array("head-".utf8), b = Array("body".utf8)
        let written = try a.withUnsafeBytes { pa in try b.withUnsafeBytes { pb in try client.writeVectored([pa, pb]) } }
        #expect(written == 9)
        try waitUntil { try server.pendingReadBytes() == 9 }
        var x = [UInt8](repeating: 0, count: 5), y = [UInt8](repeating: 0, count: 10)
        let n = try x.withUnsafeMutableBytes { px in try y.withUnsafeMutableBytes { py in try server.readVectored(into: [px, py]) } }
        #expect(n == 9)
        #expect(x == a)
        #expect(Array(y.prefix(4)) == b)
    }

    @Test func writeAcceptsAnyCollection() throws {
        let (client, server, _) = try loopbackPair()
        #expect(try client.write("abc".utf8) == 3)
        #expect(try client.write([UInt8](arrayLiteral: 1, 2)[...]) == 2)
        try client.flush()
        #expect(try server.readExact(count: 5) == [97, 98, 99, 1, 2])
    }

    @Test func writesToAResetPeerNeverRaiseSIGPIPE() throws {
        let (client, server, _) = try loopbackPair()
        try server.setLinger(.zero)
        _ = consume server
        var failure: SocketError?
        for _ in 0..<100 {
            do {
                _ = try client.write(Array(repeating: 0x5A, count: 1024))
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect([.brokenPipe, .connectionReset].contains(error.kind))
        // And vectored writes too.
        let bytes = [UInt8](repeating: 1, count: 10)
        #expect(throws: SocketError.self) {
            try bytes.withUnsafeBytes { try client.writeVectored([$0]) }
        }
    }

    @Test func negativeLengthsAreInvalidInput() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        #expect(throws: SocketError.self) { try client.read(maxLength: -1) }
        #expect(throws: SocketError.self) { try client.peek(maxLength: -1) }
        #expect(throws: SocketError.self) { try client.readExact(count: -1) }
    }
}
