import Testing
import TcpModel
import TestSupport
@testable import Inspector

/// Runs a line and records a test issue with the message if it fails.
@discardableResult
func ok(_ session: Session, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
    let outcome = session.perform(line)
    #expect(outcome.ok, "\(line): \(outcome.message)", sourceLocation: sourceLocation)
    return outcome
}

/// Runs a line that must fail, and returns its message.
@discardableResult
func fails(_ session: Session, _ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let outcome = session.perform(line)
    #expect(!outcome.ok, "\(line) should fail", sourceLocation: sourceLocation)
    return outcome.message
}

/// Waits until the session's snapshot satisfies `condition`.
func eventually(_ session: Session, timeout: Duration = .seconds(5), _ condition: (Snapshot) -> Bool) -> Bool {
    waitUntil(timeout: timeout) { condition(session.snapshot()) }
}

extension Snapshot {
    func stream(_ n: Int) -> StreamSnapshot? { streams[StreamID(n)] }
}

/// A python peer that listens on loopback, prints its port, and runs `body` per connection.
func pythonPeer(_ body: String, host: String = "127.0.0.1") throws -> (PeerProcess, UInt16) {
    let script = """
    import socket, sys, time
    l = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind((sys.argv[1], 0)); l.listen()
    print('PORT', l.getsockname()[1], flush=True)
    c, _ = l.accept()
    \(body.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n"))
    """
    let peer = try PeerProcess.python(script, arguments: [host])
    return (peer, try peer.port())
}
