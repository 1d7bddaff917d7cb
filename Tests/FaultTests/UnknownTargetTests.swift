import Testing
import TestSupport
@testable import Inspector

/// Every command aimed at an id that is not open, or at nothing: one clear message naming the
/// id and what is open, and nothing changes (no stream, no listener, no log entry).
@Suite("Unknown ids and nothing selected")
struct UnknownTargetFaultTests {
    /// Every command that acts on a stream or listener, as a person would type it.
    static let entryCommands = [
        "send x", "read", "read 5", "peek", "set ttl 5", "get", "get ttl", "shutdown both", "clone", "close",
        "error", "follow on", "info", "wait readable timeout=50ms",
    ]

    @Test(arguments: entryCommands)
    func anUnknownIdIsNamedWithWhatIsOpen(command: String) async throws {
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "connect l1")
            // The listener logs its accept a moment after the connect returns.
            #expect(await within { session.allEvents.contains { $0.op == "accept" } })
            let before = session.snapshot()
            let events = session.allEvents.count
            for id in ["s9", "l9", "s3000000000"] {
                let message = await fails(session, "\(id): \(command)")
                let named = message.contains("\(id) is not open (open: l1, s1, s2)")
                // `wait readable` is about streams only, and says so for a listener id.
                let waitOnListener = id.hasPrefix("l") && command.hasPrefix("wait") && message.contains("needs a stream")
                #expect(named || waitOnListener, "\(id): \(command) said: \(message)")
            }
            let after = session.snapshot()
            #expect(after.streamOrder == before.streamOrder && after.listenerOrder == before.listenerOrder)
            #expect(after.selected == before.selected, "the selection did not move")
            #expect(session.allEvents.count == events, "nothing was logged as if it had run")
        }
    }

    @Test(arguments: entryCommands)
    func nothingSelectedSaysHowToOpenOne(command: String) async throws {
        await withSession { session in
            let message = await fails(session, command)
            #expect(message.contains("nothing is selected") || message.contains("needs a stream"), "\(command) said: \(message)")
            #expect(session.snapshot().entries.isEmpty)
        }
    }

    @Test func selectConnectAndWaitAcceptedNameTheMissingEntry() async throws {
        await withSession { session in
            #expect(await fails(session, "select s1").contains("s1 is not open (nothing is open)"))
            #expect(await fails(session, "select l1").contains("l1 is not open (nothing is open)"))
            #expect(await fails(session, "connect l1").contains("l1 is not an open listener (nothing is open)"))
            #expect(await fails(session, "wait accepted timeout=50ms").contains("no listener is open"))
            #expect(await fails(session, "l4: wait accepted timeout=50ms").contains("no listener is open"))
            await ok(session, "listen 0")
            #expect(await fails(session, "connect l2").contains("l2 is not an open listener (open: l1)"))
            #expect(session.snapshot().streamOrder.isEmpty, "no failed connect left a stream")
        }
    }

    @Test func aListenerRefusesStreamCommandsSayingWhatItTakes() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            for command in ["send x", "read", "peek", "shutdown both", "clone", "follow on", "info", "set nodelay on"] {
                let message = await fails(session, "l1: \(command)")
                #expect(message.contains("l1 is a listener; it takes close, error, and set/get of ttl, nonblocking"), "\(command): \(message)")
            }
            await ok(session, "l1: set ttl 9")
            await ok(session, "l1: get")
            await ok(session, "l1: error")
            let wait = await fails(session, "l1: wait readable timeout=50ms")
            #expect(wait.contains("needs a stream"), "\(wait)")
        }
    }
}
