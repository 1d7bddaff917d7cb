import Testing
import TestSupport
@testable import Inspector

/// `shutdown read` is this side's doing: the peer has not closed, and nothing may say it has.
/// The peer's own close still shows as soon as it happens.
@Suite("A local shutdown is not the peer closing")
struct LocalShutdownTests {
    @Test func shutdownReadLeavesThePeerOpen() async throws {
        await withSession { session in
            await ok(session, "listen 127.0.0.1:0")
            await ok(session, "connect l1")
            await ok(session, "s1: shutdown read")
            let waited = await fails(session, "s1: wait closed timeout=500ms")
            #expect(waited.contains("timed out after 500ms"), "the peer is still open: \(waited)")
            #expect(!waited.contains("peer closed"), "\(waited)")
            let s1 = session.snapshot().stream(1)
            #expect(s1?.peerClosed == false, "no FIN came")
            #expect(s1?.shutRead == true)
            #expect(s1?.stateName == "ESTABLISHED", "\(s1?.stateName ?? "?")")
            // Now the peer closes: that shows.
            await ok(session, "s2: shutdown write")
            let closed = await ok(session, "s1: wait closed timeout=5s")
            #expect(closed.message.contains("peer closed"), "\(closed.message)")
        }
    }
}
