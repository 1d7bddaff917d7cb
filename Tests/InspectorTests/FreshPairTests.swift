import Testing
import TcpModel
import TestSupport
@testable import Inspector

/// What a session publishes right after `listen 0` and `connect l1` on loopback: the screen
/// tests build this snapshot by hand (Tests/ScreenTests/SnapshotFixture.swift), so the facts
/// they start from are checked here against real sockets.
@Suite("A fresh loopback pair")
struct FreshPairTests {
    @Test func listenThenConnectPublishesTwoEstablishedEndsWithTheKernelsDefaults() throws {
        let session = Session()
        defer { session.shutdown() }
        ok(session, "listen 0")
        ok(session, "connect l1")
        #expect(eventually(session) { $0.stream(2) != nil && $0.stream(1)?.info?.state == .established })
        let snapshot = session.snapshot()
        #expect(snapshot.listenerOrder == [ListenerID(1)])
        #expect(snapshot.streamOrder == [StreamID(1), StreamID(2)])
        #expect(snapshot.selected == .stream(StreamID(1)), "the new connection is selected")
        let s1 = try #require(snapshot.stream(1)), s2 = try #require(snapshot.stream(2))
        #expect(s1.origin == .connected(to: "l1") && s2.origin == .accepted(from: ListenerID(1)))
        #expect(snapshot.partner(of: s1)?.id == StreamID(2))
        #expect(s1.options[.ttl] == .value(.count(64)), "the editor starts from this value")
        #expect(s1.options[.nodelay] == .value(.flag(false)))
        #expect(s1.options[.quickack] != nil && s1.options[.reuseport] != nil, "every option is read back")
    }
}
