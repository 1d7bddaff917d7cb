import Testing
import TcpModel
import TestSupport

@Suite("Linux extras: keepalive, buffers, queues, TCP_INFO")
struct LinuxExtrasTests {
    @Test func keepaliveRoundTrips() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        #expect(try client.keepalive() == false)
        try client.setKeepalive(true)
        #expect(try client.keepalive())
        try client.setKeepaliveIdle(.seconds(30))
        try client.setKeepaliveInterval(.seconds(5))
        try client.setKeepaliveCount(4)
        #expect(try client.keepaliveIdle() == .seconds(30))
        #expect(try client.keepaliveInterval() == .seconds(5))
        #expect(try client.keepaliveCount() == 4)
        try client.setKeepalive(false)
        #expect(try client.keepalive() == false)
    }

    @Test func keepaliveOutOfRangeIsEINVAL() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        for attempt in [{ try client.setKeepaliveIdle(.zero) }, { try client.setKeepaliveInterval(.seconds(40000)) },
                        { try client.setKeepaliveCount(0) }, { try client.setKeepaliveCount(200) }] {
            do {
                try attempt()
                Issue.record("accepted")
            } catch let error as SocketError {
                #expect(error.errnoName == "EINVAL")
            }
        }
    }

    @Test func bufferSizesReportTheKernelsDoubledValue() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReceiveBufferSize(10000)
        #expect(try client.receiveBufferSize() == 20000)
        try client.setSendBufferSize(10000)
        #expect(try client.sendBufferSize() == 20000)
        #expect(throws: SocketError.self) { try client.setSendBufferSize(-1) }
    }

    @Test func queuesFillWhenThePeerDoesNotRead() throws {
        let (client, server, _) = try loopbackPair()
        try server.setReceiveBufferSize(4096)
        try client.setSendBufferSize(4096)
        try client.setNonblocking(true)
        var written = 0
        for _ in 0..<10_000 {
            do { written += try client.write([UInt8](repeating: 0x55, count: 4096)) } catch { break }
        }
        #expect(written > 0)
        #expect(try waitUntil { try server.pendingReadBytes() > 0 && client.pendingWriteBytes() > 0 })
        #expect(try client.unsentWriteBytes() <= client.pendingWriteBytes())
        let info = try client.tcpInfo()
        #expect(info.state == .established)
        #expect(info.sendCongestionWindow > 0)
    }

    @Test func tcpInfoReportsStateAndCounters() throws {
        let (client, server, _) = try loopbackPair()
        var info = try client.tcpInfo()
        #expect(info.state == .established)
        #expect(info.stateName == "ESTABLISHED")
        #expect(info.reportedLength >= 200)
        #expect(info.pathMtu > 0)
        #expect(info.sendMss > 0)
        let before = info.segmentsOut
        try client.writeAll([UInt8](repeating: 1, count: 1000))
        _ = try server.readExact(count: 1000)
        try waitUntil { try client.tcpInfo().bytesAcked >= 1000 }
        info = try client.tcpInfo()
        #expect(info.segmentsOut > before)
        #expect(info.bytesSent >= 1000)
        #expect(info.rtt > .zero)
        #expect(try server.tcpInfo().bytesReceived >= 1000)
        try server.shutdown(.write)
        #expect(try waitUntil { try client.tcpInfo().state == .closeWait })
        #expect(try waitUntil { try server.tcpInfo().state == .finWait2 })
    }
}
