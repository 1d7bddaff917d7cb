import Testing
import TestSupport
@testable import Inspector

/// Numbers and durations at the edges of what the language accepts, run against the kernel:
/// each works or gets the kernel's refusal in a clear message, with the option unchanged.
@Suite("Durations and numbers at their limits")
struct LimitValueFaultTests {
    /// (command, what the kernel reports afterwards): the largest and smallest values.
    static let accepted: [(String, String)] = [
        ("set ttl 1", "1"), ("set ttl 255", "255"),
        ("set keepalive-count 1", "1"), ("set keepalive-count 127", "127"),
        ("set keepalive-idle 1s", "1s"), ("set keepalive-idle 32767s", "9h6m7s"),
        ("set keepalive-interval 1s", "1s"), ("set keepalive-interval 32767s", "9h6m7s"),
        ("set read-timeout 24h", "24h"), ("set write-timeout 24h", "24h"),
        ("set linger 0s", "0s"), ("set linger 24h", "24h"),
        ("set read-timeout off", "off"), ("set linger off", "off"),
    ]

    @Test func extremeOptionValuesReadBackAsTheKernelHasThem() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            for (line, value) in Self.accepted {
                let outcome = await ok(session, line)
                #expect(outcome.event?.value == value, "\(line) read back \(outcome.event?.value ?? "nothing")")
            }
        }
    }

    @Test func theSmallestTimeoutsBecomeTheKernelsSmallestNotOff() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            for option in ["read-timeout", "write-timeout"] {
                let outcome = await ok(session, "set \(option) 1ns")
                let value = outcome.event?.value ?? "off"
                #expect(value != "off" && value != "0s", "1ns must not turn the timeout off: \(value)")
            }
            // And a read with it set fails at once with EAGAIN instead of blocking forever.
            let read = await fails(session, "read")
            #expect(read.contains("EAGAIN"), "\(read)")
        }
    }

    @Test func buffersAtTheirLimitsAreClampedByTheKernelAndSaidSo() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            for option in ["rcvbuf", "sndbuf"] {
                let small = await ok(session, "set \(option) 1")
                let big = await ok(session, "set \(option) 1g")
                let smallValue = Int(small.event?.value ?? "") ?? 0, bigValue = Int(big.event?.value ?? "") ?? 0
                #expect(smallValue > 1, "the kernel's minimum, not 1: \(smallValue)")
                #expect(bigValue >= smallValue && bigValue < 1 << 31, "clamped to the kernel's maximum: \(bigValue)")
            }
            await ok(session, "send after-tiny-buffers")
            #expect(await eventually(session) { $0.stream(2)?.peeked == Array("after-tiny-buffers".utf8) })
        }
    }

    @Test func countsAndWaitsAtTheirLimits() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "s2: send abc")
            await ok(session, "wait bytes 3")
            // The largest count: one recv with a 16 MiB buffer returns what is there.
            #expect(await ok(session, "read 16777216").event?.bytes == Array("abc".utf8))
            await ok(session, "s2: send def")
            #expect(await ok(session, "wait readable timeout=24h").ok, "a far deadline returns as soon as it holds")
            #expect(await ok(session, "peek 16777216").event?.bytes == Array("def".utf8))
            let timedOut = await fails(session, "wait bytes 16777216 timeout=1ns")
            #expect(timedOut.contains("timed out after 1ns"), "\(timedOut)")
            await ok(session, "sleep 1ns")
            let refused = await fails(session, "connect 127.0.0.1:0")
            #expect(refused.contains("ECONNREFUSED"), "\(refused)")
        }
    }

    @Test(arguments: [1, 7, 4096])
    func tinyCaptureBoundsAndPeekWindowsKeepCountsRight(bound: Int) async throws {
        var configuration = SessionConfiguration()
        configuration.captureBound = bound
        configuration.peekWindow = 1
        try await withSession(configuration) { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            let payload = (0..<10_000).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined()
            await ok(session, "s2: send \(payload)")
            await ok(session, "wait bytes 10000")
            #expect(session.snapshot().stream(1)?.peeked.count == 1, "a one-byte peek window")
            await ok(session, "read 100")
            await ok(session, "follow on")
            #expect(await eventually(session) { $0.stream(1)?.receivedTotals.total == 10_000 })
            let snap = try #require(session.snapshot().stream(1))
            #expect(snap.receivedTotals.held == min(bound, 10_000))
            #expect(snap.receivedTotals.dropped == UInt64(10_000 - min(bound, 10_000)))
            let tail = snap.received.tail(bound).bytes
            #expect(tail == Array(payload.utf8.suffix(min(bound, 10_000))), "the newest bytes are exact")
        }
    }
}
