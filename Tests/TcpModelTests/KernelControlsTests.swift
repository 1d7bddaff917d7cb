import Glibc
import Testing
import TcpModel
import TestSupport

/// The controls beyond keepalive and buffers, set and read back from the kernel on real
/// loopback sockets: what reads back is what the kernel made of the value.
@Suite("Kernel controls: user timeout, cork, low watermark, congestion, TOS, MSS, port sharing")
struct KernelControlsTests {
    @Test func userTimeoutKeepsWholeMilliseconds() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        #expect(try client.userTimeout() == nil)
        try client.setUserTimeout(.milliseconds(2500))
        #expect(try client.userTimeout() == .milliseconds(2500))
        try client.setUserTimeout(.microseconds(1500))
        #expect(try client.userTimeout() == .milliseconds(1), "rounded down to whole milliseconds")
        try client.setUserTimeout(.nanoseconds(1))
        #expect(try client.userTimeout() == .milliseconds(1), "a positive time never becomes off")
        try client.setUserTimeout(nil)
        #expect(try client.userTimeout() == nil)
        #expect(throws: SocketError.self) { try client.setUserTimeout(.seconds(-1)) }
    }

    @Test func corkHoldsASmallWriteUntilRemoved() throws {
        let (client, server, _) = try loopbackPair()
        try client.setCork(true)
        #expect(try client.cork())
        let clock = ContinuousClock()
        let written = clock.now
        _ = try client.write(Array("hello".utf8))
        // Held: nothing reaches the server while corked. The kernel lets go after 200 ms, so
        // the look only counts when this busy machine made it well within that.
        let unsent = try client.unsentWriteBytes()
        let arrived = try server.pendingReadBytes()
        if clock.now - written < .milliseconds(150) {
            #expect(unsent == 5)
            #expect(arrived == 0)
        }
        try client.setCork(false)
        #expect(try client.cork() == false)
        #expect(try waitUntil { try server.pendingReadBytes() == 5 })
    }

    @Test func notSentLowWatermarkReadsBackAndZeroMeansTheSystemsValue() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        #expect(try client.notSentLowWatermark() == 0)
        try client.setNotSentLowWatermark(16384)
        #expect(try client.notSentLowWatermark() == 16384)
        try client.setNotSentLowWatermark(0)
        #expect(try client.notSentLowWatermark() == 0)
    }

    @Test func congestionControlByNameAndUnknownNamesListWhatIsAllowed() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        let allowed = CongestionControl.allowed()
        try #require(allowed.contains("reno"), "reno is always built in: \(allowed)")
        try client.setCongestionControl("reno")
        #expect(try client.congestionControl() == "reno")
        do {
            try client.setCongestionControl("no-such-cc")
            Issue.record("an unknown congestion control was accepted")
        } catch {
            #expect(error.errnoName == "ENOENT")
            #expect(error.call == "setsockopt(TCP_CONGESTION)")
            #expect(error.description.contains("allowed here: " + allowed.joined(separator: " ")), "\(error)")
        }
        #expect(try client.congestionControl() == "reno", "a refused name changes nothing")
        #expect(throws: SocketError.self) { try client.setCongestionControl(String(repeating: "x", count: 16)) }
    }

    @Test func typeOfServiceKeepsTheKernelsECNBits() throws {
        for host in ["127.0.0.1", "::1"] {
            let (client, server, _) = try loopbackPair(host)
            defer { withExtendedLifetime(server) {} }
            try client.setTypeOfService(184)
            #expect(try client.typeOfService() == 184, "\(host)")
            if host == "127.0.0.1" {
                // IP_TOS on a TCP socket: the two ECN bits are the kernel's, not the caller's.
                try client.setTypeOfService(3)
                #expect(try client.typeOfService() == 0)
            }
        }
    }

    @Test func maximumSegmentSizeIsJudgedByTheKernelAndAdvertisedByAListener() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        try listener.setMaximumSegmentSize(1000)
        #expect(try listener.maximumSegmentSize() == 1000)
        let client = try TcpStream.connect(try listener.localAddr())
        let (server, _) = try listener.accept()
        defer { withExtendedLifetime(server) {} }
        // The SYN-ACK advertised 1000; the client's segments are that less its TCP options.
        let used = try client.maximumSegmentSize()
        #expect(used > 0 && used <= 1000, "\(used)")
        do {
            try client.setMaximumSegmentSize(10)
            Issue.record("TCP_MAXSEG 10 was accepted")
        } catch {
            #expect(error.errnoName == "EINVAL")
            #expect(error.description.contains("setsockopt(TCP_MAXSEG) to 10"), "\(error)")
        }
    }

    @Test func reusePortLetsTwoListenersShareAPort() throws {
        let first = try TcpListener.bind("127.0.0.1:0", backlog: 8, reusePort: true)
        #expect(try first.reusePort())
        let address = try first.localAddr()
        let second = try TcpListener.bind(address, backlog: 8, reusePort: true)
        #expect(try second.localAddr() == address)
        #expect(throws: SocketError.self) { try TcpListener.bind(address, backlog: 8) }
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReusePort(true)
        #expect(try client.reusePort())
    }

    @Test func listenerWithoutReuseAddressCannotBindAPortHeldInTimeWait() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        #expect(try listener.reuseAddress())
        let address = try listener.localAddr()
        let client = try TcpStream.connect(address)
        let (server, _) = try listener.accept()
        // The server closes first, so its end waits in TIME_WAIT on the listener's port.
        _ = close(server.intoFileDescriptor())
        #expect(try client.read(maxLength: 1).isEmpty)
        _ = close(client.intoFileDescriptor())
        _ = close(listener.intoFileDescriptor())
        do {
            _ = try TcpListener.bind(address, backlog: 8, reuseAddress: false)
            Issue.record("bound a port in TIME_WAIT without SO_REUSEADDR")
        } catch {
            #expect(error.errnoName == "EADDRINUSE")
            #expect(error.call == "bind")
        }
        let again = try TcpListener.bind(address, backlog: 8)
        #expect(try again.localAddr() == address)
    }

    @Test func connectFromBindsTheLocalEndFirst() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        let target = try listener.localAddr()
        let local = try #require(SocketAddress("127.0.0.2:0"))
        let client = try TcpStream.connect(to: target, from: local, timeout: nil)
        let bound = try client.localAddr()
        #expect(bound.description.hasPrefix("127.0.0.2:"), "\(bound)")
        #expect(bound.port != 0)
        let (server, peer) = try listener.accept()
        defer { withExtendedLifetime(server) {} }
        #expect(peer == bound)
        // The same local address again, while the first stream holds it: the bind refuses.
        do {
            _ = try TcpStream.connect(to: target, from: bound, timeout: .seconds(5))
            Issue.record("bound a local address in use")
        } catch {
            #expect(error.errnoName == "EADDRINUSE")
            #expect(error.description.contains("in bind to \(bound)"), "\(error)")
        }
    }
}
