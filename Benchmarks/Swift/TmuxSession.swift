import Glibc
import Synchronization

/// A program running in a real terminal: a detached tmux session on a tmux server of its own
/// (a private socket, no configuration file), so the benchmarks never touch a tmux someone is
/// using. The program is exec'ed by the pane's shell, so the pane's pid is the program's.
/// `close()` (or deinit) kills this session only; its server then exits by itself.
final class TmuxSession {
    let name: String
    let width: Int
    let height: Int
    private let socket: String
    private let errorLog: String
    private var closed = false

    /// Whether tmux can be run here.
    static var installed: Bool { Tools.installed("tmux") }

    /// Starts `argv` in a `width`x`height` terminal with TERM=xterm-256color and LANG=C.UTF-8.
    /// `tag` names the session (a word); `workDirectory` holds the server's socket.
    init(_ argv: [String], width: Int, height: Int, tag: String, workDirectory: String, errorLog: String) throws(BenchError) {
        let number = TmuxSession.counter.add(1, ordering: .relaxed).newValue
        name = "tcpscope-bench-\(tag)-\(getpid())-\(number)"
        // A Unix socket path must fit in 108 bytes; a deep work directory falls back to /tmp.
        let preferred = "\(workDirectory)/tmux-\(number).sock"
        socket = preferred.utf8.count < 100 ? preferred : "/tmp/\(name).sock"
        self.width = width
        self.height = height
        self.errorLog = errorLog
        let command = "exec env -u LC_ALL -u NO_COLOR -u TMUX TERM=xterm-256color LANG=C.UTF-8 "
            + argv.map(TmuxSession.quote).joined(separator: " ")
        // One call, so the options hold before the program can start or exit.
        _ = try tmux(["set-option", "-g", "status", "off", ";",
                      "set-option", "-g", "remain-on-exit", "on", ";",
                      "set-option", "-g", "default-shell", "/bin/sh", ";",
                      "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command])
    }

    deinit {
        close()
    }

    /// Kills this session (never the server, which exits once it has no sessions) and removes
    /// its socket. Safe to call twice.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-session", "-t", name])
        unlink(socket)
    }

    /// Sends tmux key names ("d", "Tab", "End", "C-l"), each as one key press.
    func sendKeys(_ keys: [String]) throws(BenchError) {
        _ = try tmux(["send-keys", "-t", name] + keys)
    }

    /// The visible screen as text, one line per row.
    func capture() throws(BenchError) -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// The pane's process: the program itself.
    func programPID() throws(BenchError) -> pid_t {
        let text = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingSpaces()), pid > 0 else { throw BenchError("tmux reported no pane pid: \(text)") }
        return pid
    }

    /// nil while the program runs; how it ended once it has.
    func programEnd() -> String? {
        guard let text = try? tmux(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}"]) else {
            return "the tmux session is gone"
        }
        let words = text.split(separator: " ")
        guard words.first == "1" else { return nil }
        return words.count > 1 ? "exited (status \(words[1]))" : "exited (killed by signal \(words.dropFirst(2).first ?? "?"))"
    }

    /// Polls the screen until `predicate` holds (returns that screen) or `timeout` seconds pass
    /// (returns nil). Stops early, with nil, if the program ends.
    func waitForScreen(timeout: Double, interval: Double = 0.05, _ predicate: (String) -> Bool) -> String? {
        let deadline = MonotonicTime.now() + timeout
        var nextLiveCheck = MonotonicTime.now() + 0.25
        // Bounded by the deadline; each pass runs one short tmux call (two, four times a second).
        while MonotonicTime.now() < deadline {
            if let screen = try? capture(), predicate(screen) { return screen }
            if MonotonicTime.now() >= nextLiveCheck {
                if programEnd() != nil { return nil }
                nextLiveCheck = MonotonicTime.now() + 0.25
            }
            TmuxSession.sleep(interval)
        }
        return nil
    }

    private func tmux(_ arguments: [String]) throws(BenchError) -> String {
        try CommandOutput.run(["tmux", "-S", socket, "-f", "/dev/null"] + arguments, errorLog: errorLog)
    }

    private static let counter = Atomic<Int>(0)

    static func quote(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var left = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        // Each interruption resumes with what was left, so this ends.
        while nanosleep(&left, &rest) != 0 && errno == EINTR { left = rest }
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\n" }.reversed())
    }
}
