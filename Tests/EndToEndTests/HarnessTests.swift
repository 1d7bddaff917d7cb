import TestSupport
import Foundation
import Testing

/// The harness itself: peers on loopback and the parts of TmuxSession the check-terminal tests
/// do not reach.
@Suite("end-to-end harness")
struct HarnessTests {
    @Test("finds the tcpscope binary")
    func findsBinary() throws {
        let path = try TcpscopeBinary.path()
        #expect(FileManager.default.isExecutableFile(atPath: path))
    }

    @Test("a python listener announces its port and hears a socat client")
    func peersTalkOnLoopback() async throws {
        // The peer's timeouts only end a peer nobody talks to. They are long because this
        // test's task may wait many seconds for a thread while the tests beside it block the
        // shared pool: with 10 s, the listener had given up before socat was even started
        // (socat: "Connection refused").
        let server = try PeerProcess.python("""
            import socket
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            s.settimeout(120)
            print("PORT", s.getsockname()[1])
            conn, _ = s.accept()
            conn.settimeout(120)
            data = b""
            while not data.endswith(b"\\n"):
                chunk = conn.recv(100)
                if not chunk:
                    break
                data += chunk
            print("GOT", data.decode().strip())
            """)
        let port = try await server.waitForPort()
        #expect(port > 0)

        let client = try PeerProcess(["socat", "-", "TCP:127.0.0.1:\(port)"])
        try client.send("hello over loopback\n")
        try client.closeInput()

        do {
            try await server.waitForLine(containing: "GOT hello over loopback")
        } catch {
            // Say what the client was doing too: whether it ever started, connected or failed.
            let state = client.isRunning ? "still running" : "exited \(client.exitStatus(within: .zero).map(String.init) ?? "?")"
            throw HarnessError("\(error)\nclient socat (pid \(client.pid)) \(state); stdout: \(client.stdout)\nstderr: \(client.stderr)")
        }
        #expect(try await server.waitForExit() == 0)
        #expect(try await client.waitForExit() == 0)
    }

    @Test("terminate stops a peer that would run for a long time")
    func terminatesPeers() async throws {
        let peer = try PeerProcess.python("import time\nprint('READY')\ntime.sleep(60)")
        try await peer.waitForLine(containing: "READY")
        await peer.terminate()
        #expect(!peer.isRunning)
    }

    @Test("reads the pane title and the exit status of a plain command")
    func paneTitleAndExitStatus() async throws {
        let tmux = try await TmuxSession(
            command: #"printf '\033]2;harness-title\033\\'; echo ready; read reply; exit 7"#)
        try await tmux.waitFor(text: "ready")
        let title = try await poll(timeout: .seconds(5)) { () -> String? in
            let title = try await tmux.paneTitle()
            return title == "harness-title" ? title : nil
        }
        #expect(title == "harness-title")
        #expect(tmux.isAlive())
        #expect(tmux.exitStatus() == nil)

        try await tmux.sendKeys("Enter")
        #expect(try await tmux.waitForExit() == 7)
        #expect(!tmux.isAlive())
    }

    @Test("waiting for text that never comes fails with the last screen")
    func waitTimesOutWithScreen() async throws {
        let tmux = try await TmuxSession(command: "echo visible; read reply")
        try await tmux.waitFor(text: "visible")
        do {
            try await tmux.waitFor(text: "never shown", timeout: .milliseconds(200))
            Issue.record("waitFor returned for text that is not on screen")
        } catch let error as HarnessError {
            #expect(error.description.contains("visible"))
        }
    }
}
