/// Python peers that misbehave on purpose, for the fault tests.
public enum ScriptedPeer {
    /// A peer that listens on loopback (or `host`), prints `PORT n`, accepts one connection as
    /// `c` and runs `body`, which may use `socket`, `struct`, `sys`, `time`, `hashlib`, `os`
    /// and the helpers below:
    ///
    /// - `abort(c)`: close with SO_LINGER 0, so the kernel sends RST instead of FIN;
    /// - `wait_for(word)`: block until the test writes `word` to the peer's stdin; the end of
    ///   its stdin (the test is gone) ends the peer instead of spinning on empty reads;
    /// - `stopping_on(word)`: an event set once the test writes `word`, for a loop to check.
    ///
    /// `listenerSetup` runs on the listener `l` before it listens: options set there (a small
    /// SO_RCVBUF) are inherited by the accepted connection from its first segment. `arguments`
    /// are `sys.argv[2:]`. `prefix` runs the peer under another command (`ip netns exec NS`).
    public static func listening(_ body: String, host: String = "127.0.0.1", listenerSetup: String = "",
                                 arguments: [String] = [], prefix: [String] = []) throws -> (PeerProcess, UInt16) {
        let script = """
        import hashlib, os, socket, struct, sys, threading, time
        def abort(s):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            s.close()
        def wait_for(word):
            while True:
                line = sys.stdin.readline()
                if not line:
                    sys.exit(3)  # end of input: the test that drove this peer is gone
                if line.strip() == word:
                    return
        def stopping_on(word):
            stop = threading.Event()
            threading.Thread(target=lambda: (wait_for(word), stop.set()), daemon=True).start()
            return stop
        l = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)
        l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        \(listenerSetup)
        l.bind((sys.argv[1], 0)); l.listen()
        print('PORT', l.getsockname()[1], flush=True)
        c, _ = l.accept()
        \(body)
        """
        let peer = try PeerProcess(prefix + ["python3", "-u", "-c", script, host] + arguments)
        return (peer, try peer.port())
    }

    /// A peer that sends `count` random bytes (os.urandom) as fast as the connection takes
    /// them, closes with a FIN, and then prints `SHA <hex>`: the SHA-256 of everything it sent.
    /// With `waitForGo`, it starts only when its standard input says `go`.
    public static func randomSender(count: Int, host: String = "127.0.0.1", waitForGo: Bool = false) throws -> (PeerProcess, UInt16) {
        try listening("""
        if \(waitForGo ? "True" : "False"): wait_for('go')
        n = int(sys.argv[2]); h = hashlib.sha256(); sent = 0
        while sent < n:
            chunk = os.urandom(min(1 << 20, n - sent))
            c.sendall(chunk); h.update(chunk); sent += len(chunk)
        c.close()
        print('SHA', h.hexdigest(), flush=True)
        """, host: host, arguments: [String(count)])
    }

    /// A peer that answers `+PONG\r\n` to every `PING\r\n` line and `-ERR\r\n` to any other,
    /// as Redis does: the line protocol of the read-and-write-sides tests.
    public static func pong() throws -> (PeerProcess, UInt16) {
        try listening("""
        buf = b''
        while True:
            d = c.recv(4096)
            if not d: break
            buf += d
            while b'\\r\\n' in buf:
                line, buf = buf.split(b'\\r\\n', 1)
                c.sendall(b'+PONG\\r\\n' if line == b'PING' else b'-ERR\\r\\n')
        """)
    }
}
