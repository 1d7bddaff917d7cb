import Glibc
import Testing
import TcpModel
import TestSupport

@Suite("Socket options")
struct OptionTests {
    @Test func lingerRoundTrips() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        #expect(try client.linger() == nil)
        try client.setLinger(.seconds(5))
        #expect(try client.linger() == .seconds(5))
        try client.setLinger(.milliseconds(1500))
        #expect(try client.linger() == .seconds(1), "whole seconds, rounded down")
        try client.setLinger(.zero)
        #expect(try client.linger() == .zero)
        try client.setLinger(nil)
        #expect(try client.linger() == nil)
    }

    @Test("linger zero then close resets the peer", arguments: ["127.0.0.1", "::1"])
    func lingerZeroResets(host: String) throws {
        let (client, server, _) = try loopbackPair(host)
        try client.setLinger(.zero)
        _ = consume client
        do {
            let bytes = try server.read(maxLength: 10)
            Issue.record("read returned \(bytes)")
        } catch {
            #expect(error.kind == .connectionReset)
            #expect(error.errnoName == "ECONNRESET")
        }
    }

    @Test func pendingResetIsTakenOnceThroughSOError() throws {
        let (client, server, _) = try loopbackPair()
        #expect(try server.takeError() == nil)
        try client.setLinger(.zero)
        _ = consume client
        try waitUntil { try server.tcpInfo().state == .closed }
        let pending = try #require(try server.takeError())
        #expect(pending.kind == .connectionReset)
        #expect(try server.takeError() == nil, "reading SO_ERROR clears it")
    }

    @Test func nodelayRoundTrips() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        #expect(try client.nodelay() == false)
        try client.setNodelay(true)
        #expect(try client.nodelay() == true)
        try client.setNodelay(false)
        #expect(try client.nodelay() == false)
    }

    @Test("ttl 1...255, default 64", arguments: ["127.0.0.1", "::1"])
    func ttl(host: String) throws {
        let (client, _, listener) = try loopbackPair(host)
        #expect(try client.ttl() == 64)
        try client.setTtl(7)
        #expect(try client.ttl() == 7)
        try client.setTtl(255)
        #expect(try client.ttl() == 255)
        for bad: UInt32 in [0, 256, 1_000_000, .max] {
            do {
                try client.setTtl(bad)
                Issue.record("ttl \(bad) accepted")
            } catch {
                #expect(error.kind == .invalidInput)
                #expect(error.errnoName == "EINVAL")
            }
        }
        #expect(try client.ttl() == 255, "a refused value changes nothing")
        try listener.setTtl(9)
        #expect(try listener.ttl() == 9)
    }

    @Test func nonblockingIsSharedWithClones() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        let clone = try client.tryClone()
        #expect(try clone.isNonblocking() == false)
        try client.setNonblocking(true)
        #expect(try clone.isNonblocking() == true)
        try clone.setNonblocking(false)
        #expect(try client.isNonblocking() == false)
    }

    @Test func optionsOnAClosedDescriptorNameTheCall() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        let fd = client.intoFileDescriptor()
        close(fd)
        let orphan = TcpStream(takingOwnershipOf: fd)
        do {
            _ = try orphan.nodelay()
            Issue.record("no error")
        } catch {
            #expect(error.errnoName == "EBADF")
            #expect(error.call == "getsockopt(TCP_NODELAY)")
        }
        _ = orphan.intoFileDescriptor()
    }
}
