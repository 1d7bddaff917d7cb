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

    /// Whatever this kernel's tick (CONFIG_HZ), a timeout reads back as the kernel's rule gives
    /// it: whole ticks rounded up, then microseconds. 250 ms is 252 ms only at 250 Hz.
    @Test func subSecondReadsBackInKernelTicks() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        let hertz = try KernelTimeout.hertz()
        let tick = Duration.microseconds(1_000_000 / hertz)
        for timeout in [Duration.milliseconds(250), .milliseconds(1), .microseconds(3_333), .milliseconds(1_500), .seconds(2)] {
            try client.setReadTimeout(timeout)
            try client.setWriteTimeout(timeout)
            let expected = KernelTimeout.expected(timeout, hertz: hertz)
            #expect(try client.readTimeout() == expected, "\(timeout) at \(hertz) Hz")
            #expect(try client.writeTimeout() == expected, "\(timeout) at \(hertz) Hz")
            #expect(try KernelTimeout.readBack(timeout) == expected, "the rule is the kernel's at \(hertz) Hz")
            #expect(expected >= timeout - .microseconds(1) && expected < timeout + tick, "rounded up by less than a tick")
        }
    }

    /// The rule itself, at each tick rate a Linux kernel is built with.
    @Test(arguments: [(100, "250ms"), (250, "252ms"), (300, "253.333ms"), (1000, "250ms")])
    func twoHundredFiftyMillisecondsAtEachTickRate(hertz: Int, text: String) {
        #expect(KernelTimeout.millisecondsText(KernelTimeout.expected(.milliseconds(250), hertz: hertz)) == text)
        #expect(KernelTimeout.expected(.seconds(2), hertz: hertz) == .seconds(2), "whole seconds round-trip")
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
