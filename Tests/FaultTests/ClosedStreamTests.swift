import Testing
import TestSupport
@testable import Inspector

/// Operations on streams that are closed, or shut down in one direction or both: each gets
/// the kernel's answer or a clear refusal, and nothing blocks or crashes.
@Suite("Operations on closed and shut-down streams")
struct ClosedStreamFaultTests {
    @Test(arguments: UnknownTargetFaultTests.entryCommands)
    func aClosedStreamSaysItIsClosed(command: String) async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "s1: close")
            let message = await fails(session, "s1: \(command)")
            #expect(message.contains("s1 is closed (closed here)") && message.contains("forget s1"), "\(command): \(message)")
        }
    }

    @Test func commandsQueuedBehindACloseSayTheStreamWasClosed() async throws {
        try await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            let waiters = (0..<2).map { _ in OutcomeWaiter() }
            // One after the other on s1's queue: the send behind the close finds it gone.
            session.submit("s1: close") { waiters[0].set($0) }
            session.submit("s1: send after") { waiters[1].set($0) }
            var outcomes: [Outcome] = []
            for waiter in waiters { if let outcome = await waiter.wait(timeout: .seconds(10)) { outcomes.append(outcome) } }
            try #require(outcomes.count == 2)
            #expect(outcomes[0].ok)
            #expect(!outcomes[1].ok)
            #expect(outcomes[1].message.contains("s1 was closed before this ran") || outcomes[1].message.contains("s1 is closed"),
                    "\(outcomes[1].message)")
            #expect(session.snapshot().stream(2)?.peeked.isEmpty == true, "nothing was sent after the close")
        }
    }

    @Test func afterShutdownWriteSendsFailWithEPIPEAndReadsStillWork() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "s2: send to-s1")
            await ok(session, "shutdown write")
            #expect(await fails(session, "send x").contains("EPIPE"))
            await ok(session, "shutdown write")  // twice is fine for the kernel
            await ok(session, "wait bytes 5")
            #expect(await ok(session, "read").event?.bytes == Array("to-s1".utf8))
            #expect(await ok(session, "s2: read").message.contains("end of stream"), "the other end sees the FIN")
            #expect(session.snapshot().stream(1)?.shutWrite == true)
            await stillAnswers(session)
        }
    }

    @Test func afterShutdownReadReadsEndAtOnceInsteadOfBlocking() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "shutdown read")
            // Neither blocks: there is no read timeout and the peer sends nothing.
            #expect(await ok(session, "read").message.contains("end of stream"))
            #expect(await ok(session, "peek").message.contains("end of stream"))
            await ok(session, "wait readable timeout=2s")
            await ok(session, "follow on")
            await ok(session, "wait closed timeout=2s")
            await ok(session, "follow off")
            await ok(session, "send still-writable")
            #expect(await eventually(session) { $0.stream(2)?.peeked == Array("still-writable".utf8) })
            await stillAnswers(session)
        }
    }

    @Test func afterShutdownBothEveryCommandAnswers() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "shutdown both")
            #expect(await fails(session, "send x").contains("EPIPE"))
            #expect(await ok(session, "read").message.contains("end of stream"))
            let clone = await ok(session, "clone")
            #expect(clone.message.contains("s3"))
            #expect(session.snapshot().stream(3)?.shutRead == true && session.snapshot().stream(3)?.shutWrite == true,
                    "the clone shows the same socket's state")
            await ok(session, "s3: close")
            await stillAnswers(session)
        }
    }

    @Test func shutdownAfterThePeerResetSaysENOTCONN() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            await ok(session, "s2: set linger 0s")
            await ok(session, "s2: close")
            #expect(await eventually(session) { $0.stream(1)?.errorPending == true })
            let read = await fails(session, "read")
            #expect(read.contains("ECONNRESET"), "\(read)")
            let shutdown = await fails(session, "shutdown write")
            #expect(shutdown.contains("ENOTCONN"), "\(shutdown)")
            #expect(await fails(session, "send x").contains("EPIPE"))
            await stillAnswers(session)
        }
    }

    /// The commands that never block keep answering on s1 whatever state it is in, and it closes.
    private func stillAnswers(_ session: Session, sourceLocation: SourceLocation = #_sourceLocation) async {
        for line in ["s1: get", "s1: info", "s1: error", "s1: set nodelay on", "s1: close"] {
            await ok(session, line, sourceLocation: sourceLocation)
        }
    }
}
