import Testing
import TestSupport
@testable import Inspector

/// Operations on streams that are closed, or shut down in one direction or both: each gets
/// the kernel's answer or a clear refusal, and nothing blocks or crashes.
@Suite("Operations on closed and shut-down streams")
struct ClosedStreamFaultTests {
    @Test(arguments: UnknownTargetFaultTests.entryCommands)
    func aClosedStreamIsNotOpen(command: String) throws {
        withSession { session in
            ok(session, "listen 0")
            ok(session, "connect l1")
            ok(session, "s1: close")
            let message = fails(session, "s1: \(command)")
            #expect(message.contains("s1 is not open (open: l1, s2)"), "\(command): \(message)")
        }
    }

    @Test func commandsQueuedBehindACloseSayTheStreamWasClosed() throws {
        try withSession { session in
            ok(session, "listen 0")
            ok(session, "connect l1")
            let waiters = (0..<2).map { _ in OutcomeWaiter() }
            // One after the other on s1's queue: the send behind the close finds it gone.
            session.submit("s1: close") { waiters[0].set($0) }
            session.submit("s1: send after") { waiters[1].set($0) }
            let outcomes = waiters.compactMap { $0.wait(timeout: .seconds(10)) }
            try #require(outcomes.count == 2)
            #expect(outcomes[0].ok)
            #expect(!outcomes[1].ok)
            #expect(outcomes[1].message.contains("s1 was closed before this ran") || outcomes[1].message.contains("s1 is not open"),
                    "\(outcomes[1].message)")
            #expect(session.snapshot().stream(2)?.peeked.isEmpty == true, "nothing was sent after the close")
        }
    }

    @Test func afterShutdownWriteSendsFailWithEPIPEAndReadsStillWork() throws {
        withSession { session in
            ok(session, "listen 0")
            ok(session, "connect l1")
            ok(session, "s2: send to-s1")
            ok(session, "shutdown write")
            #expect(fails(session, "send x").contains("EPIPE"))
            ok(session, "shutdown write")  // twice is fine for the kernel
            ok(session, "wait bytes 5")
            #expect(ok(session, "read").event?.bytes == Array("to-s1".utf8))
            #expect(ok(session, "s2: read").message.contains("end of stream"), "the other end sees the FIN")
            #expect(session.snapshot().stream(1)?.shutWrite == true)
            stillAnswers(session)
        }
    }

    @Test func afterShutdownReadReadsEndAtOnceInsteadOfBlocking() throws {
        withSession { session in
            ok(session, "listen 0")
            ok(session, "connect l1")
            ok(session, "shutdown read")
            // Neither blocks: there is no read timeout and the peer sends nothing.
            #expect(ok(session, "read").message.contains("end of stream"))
            #expect(ok(session, "peek").message.contains("end of stream"))
            ok(session, "wait readable timeout=2s")
            ok(session, "follow on")
            ok(session, "wait closed timeout=2s")
            ok(session, "follow off")
            ok(session, "send still-writable")
            #expect(eventually(session) { $0.stream(2)?.peeked == Array("still-writable".utf8) })
            stillAnswers(session)
        }
    }

    @Test func afterShutdownBothEveryCommandAnswers() throws {
        withSession { session in
            ok(session, "listen 0")
            ok(session, "connect l1")
            ok(session, "shutdown both")
            #expect(fails(session, "send x").contains("EPIPE"))
            #expect(ok(session, "read").message.contains("end of stream"))
            let clone = ok(session, "clone")
            #expect(clone.message.contains("s3"))
            #expect(session.snapshot().stream(3)?.shutRead == true && session.snapshot().stream(3)?.shutWrite == true,
                    "the clone shows the same socket's state")
            ok(session, "s3: close")
            stillAnswers(session)
        }
    }

    @Test func shutdownAfterThePeerResetSaysENOTCONN() throws {
        withSession { session in
            ok(session, "listen 0")
            ok(session, "connect l1")
            ok(session, "s2: set linger 0s")
            ok(session, "s2: close")
            #expect(eventually(session) { $0.stream(1)?.errorPending == true })
            let read = fails(session, "read")
            #expect(read.contains("ECONNRESET"), "\(read)")
            let shutdown = fails(session, "shutdown write")
            #expect(shutdown.contains("ENOTCONN"), "\(shutdown)")
            #expect(fails(session, "send x").contains("EPIPE"))
            stillAnswers(session)
        }
    }

    /// The commands that never block keep answering on s1 whatever state it is in, and it closes.
    private func stillAnswers(_ session: Session, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in ["s1: get", "s1: info", "s1: error", "s1: set nodelay on", "s1: close"] {
            ok(session, line, sourceLocation: sourceLocation)
        }
    }
}
