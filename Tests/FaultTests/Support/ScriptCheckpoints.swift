import TestSupport

/// Points where a `tcpscope run` script stops until the test lets it go on, so the test can
/// look at the process (/proc), act on the network, or connect to it at a known moment.
///
/// The script's first line connects to this peer (it becomes s1); at checkpoint n the script
/// sends `mark n` and waits for a byte. The peer prints `MARK n`, and sends the byte when the
/// test calls `release()`.
final class ScriptCheckpoints {
    let peer: PeerProcess
    let port: UInt16

    /// `prefix` runs the peer under another command (`ip netns exec NS`, beside the tool).
    init(prefix: [String] = []) throws {
        (peer, port) = try ScriptedPeer.listening("""
        import threading
        def marks():
            pending = b''
            while True:
                data = c.recv(4096)
                if not data: break
                pending += data
                while b'\\n' in pending:
                    line, pending = pending.split(b'\\n', 1)
                    print(line.decode().upper(), flush=True)
        threading.Thread(target=marks, daemon=True).start()
        for line in sys.stdin:
            if line.strip() == 'go':
                c.sendall(b'g')
        """, prefix: prefix)
    }

    /// The script's first line: connect to this peer as s1.
    var connectLine: String { "connect 127.0.0.1:\(port)\n" }

    /// Script lines for checkpoint `n`.
    static func lines(_ n: Int) -> String {
        "s1: send \"mark \(n).\\n\"\ns1: wait readable timeout=5m\ns1: read 1\n"
    }

    /// Waits until the script reached checkpoint `n`.
    func reached(_ n: Int, timeout: Duration = .seconds(60)) async throws {
        _ = try await peer.waitForLine(containing: "MARK \(n).", timeout: timeout)
    }

    /// Lets the script go on from the checkpoint it waits at.
    func release() throws {
        try peer.send("go\n")
    }
}
