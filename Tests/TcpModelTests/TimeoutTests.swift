import Testing
import TcpModel
import TestSupport

@Suite("Read and write timeouts")
struct TimeoutTests {
    @Test func noneRoundTrips() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReadTimeout(nil)
        try client.setWriteTimeout(nil)
        #expect(try client.readTimeout() == nil)
        #expect(try client.writeTimeout() == nil)
    }

    @Test func wholeSecondsRoundTripExactly() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReadTimeout(.seconds(2))
        try client.setWriteTimeout(.seconds(3))
        #expect(try client.readTimeout() == .seconds(2))
        #expect(try client.writeTimeout() == .seconds(3))
    }

    @Test func subSecondReadsBackInKernelTicks() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReadTimeout(.milliseconds(250))
        let back = try #require(try client.readTimeout())
        #expect(back >= .milliseconds(250) && back < .milliseconds(270))
    }

    @Test func zeroIsInvalidInput() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        for set in [client.setReadTimeout, client.setWriteTimeout] {
            do {
                try set(.zero)
                Issue.record("zero accepted")
            } catch {
                #expect(error.kind == .invalidInput)
            }
        }
    }

    @Test func underAMicrosecondIsNeverNoTimeout() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReadTimeout(.nanoseconds(1))
        #expect(try client.readTimeout() != nil)
        try client.setWriteTimeout(.nanoseconds(999))
        #expect(try client.writeTimeout() != nil)
    }

    @Test func timedOutBlockingReadIsWouldBlockAfterTheTimeout() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setReadTimeout(.milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try client.read(maxLength: 10)
            Issue.record("read returned")
        } catch {
            #expect(error.kind == .wouldBlock)
            #expect(error.errnoName == "EAGAIN")
        }
        #expect(clock.now - start >= .milliseconds(200))
    }

    @Test func timedOutBlockingWriteIsWouldBlock() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        try client.setSendBufferSize(4096)
        try client.setWriteTimeout(.milliseconds(100))
        let chunk = [UInt8](repeating: 0x41, count: 65536)
        var sawWouldBlock = false
        for _ in 0..<1000 {
            do {
                _ = try client.write(chunk)
            } catch {
                #expect(error.kind == .wouldBlock)
                sawWouldBlock = true
                break
            }
        }
        #expect(sawWouldBlock)
    }
}
