import Glibc
import Testing
import TestSupport
@testable import Inspector

/// While tcpscope holds a copy of another process's socket, the owner's close sends no FIN:
/// so the attached stream lets go as soon as the owner closes the socket or exits.
@Suite("An attached stream detaches when its owner lets go")
struct AttachDetachTests {
    @Test func theOwnerClosingItsSocketDetachesWithinASecond() async throws {
        guard geteuid() == 0 else {
            print("skipped: attaching to another process's socket needs root (CAP_SYS_PTRACE)")
            return
        }
        let held = try UnreadConnection()
        try await withSession { session in
            await ok(session, "attach \(held.pid):\(held.fd)")
            #expect(session.snapshot().stream(1)?.attached?.pid == held.pid)
            let answer = try held.ask("close")
            #expect(answer == "done")
            // Measured by the session's own clock (a busy machine delays this test's threads):
            // from a note made once the owner said it closed, to the detach.
            let closed = try #require(await ok(session, "note the owner closed it").event?.time)
            let detached = await eventually(session, timeout: .seconds(30)) { $0.stream(1)?.closed != nil }
            #expect(detached)
            let at = try #require(session.allEvents.last { $0.op == "detach" }?.time)
            #expect(at - closed < .seconds(1), "detached \(at - closed) after the owner closed it")
            #expect(session.snapshot().stream(1)?.closed?.how == "detached: owner closed it")
            await ok(session, "expect closed")
        }
    }

    @Test func theOwnerExitingDetaches() async throws {
        guard geteuid() == 0 else {
            print("skipped: attaching to another process's socket needs root (CAP_SYS_PTRACE)")
            return
        }
        let held = try UnreadConnection()
        await withSession { session in
            await ok(session, "attach \(held.pid):\(held.fd)")
            kill(held.pid, SIGKILL)
            #expect(await eventually(session, timeout: .seconds(30)) { $0.stream(1)?.closed != nil })
            #expect(session.snapshot().stream(1)?.closed?.how == "detached: owner exited")
        }
    }
}
