import Glibc

/// The blocking forms of TmuxSession's calls, for the benchmark driver, which has no
/// concurrency. Each runs the same tmux arguments as its async twin.
extension TmuxSession {
    /// Starts `argv` in a `width`x`height` terminal, exec'ed by the pane's shell. `tag` names
    /// the session (a word); `workDirectory` holds the server's socket; tmux's errors are
    /// appended to `errorLog`.
    public convenience init(_ argv: [String], width: Int, height: Int, tag: String, workDirectory: String,
                            errorLog: String) throws(HarnessError) {
        self.init(tag: "bench-\(tag)", width: width, height: height, directory: workDirectory,
                  errorLog: errorLog, inheritsEnvironment: false)
        try tmux(startArguments("exec " + shellCommand(TmuxSession.environmentPrefix([:]) + argv)))
    }

    /// The blocking form of `close()`.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = try? CommandRunner.run(["/bin/sh", "-c", cleanupScript]) as CommandResult
    }

    /// The blocking form of `sendKeys`.
    public func sendKeys(_ keys: [String]) throws(HarnessError) {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// The blocking form of `capture()`, without the final newline.
    public func capture() throws(HarnessError) -> String {
        let text = try tmux(captureArguments(escapes: false)).stdout
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// The blocking form of `display`.
    public func display(_ format: String) throws(HarnessError) -> String {
        try tmux(["display-message", "-p", "-t", name, format]).stdout.trimmingSpaces()
    }

    /// The pane's process: for a session started with `init(_:width:height:tag:...)`, the
    /// program itself.
    public func programPID() throws(HarnessError) -> pid_t {
        let text = try display("#{pane_pid}")
        guard let pid = pid_t(text), pid > 0 else { throw HarnessError("tmux reported no pane pid: \(text)") }
        return pid
    }

    /// nil while the pane's program runs; how it ended once it has.
    public func programEnd() -> String? {
        guard let text = try? display("#{pane_dead} #{pane_dead_status} #{pane_dead_signal}") as String else {
            return "the tmux session is gone"
        }
        let words = text.split(separator: " ")
        guard words.first == "1" else { return nil }
        return words.count > 1 ? "exited (status \(words[1]))" : "exited (killed by signal \(words.dropFirst(2).first ?? "?"))"
    }

    /// Polls the screen until `predicate` holds (returns that screen) or `timeout` seconds pass
    /// (returns nil), blocking. Stops early, with nil, if the program ends.
    public func waitForScreen(timeout: Double, interval: Double = 0.05, _ predicate: (String) -> Bool) -> String? {
        let deadline = MonotonicTime.now() + timeout
        var nextLiveCheck = MonotonicTime.now() + 0.25
        // Bounded by the deadline; each pass runs one short tmux call (two, four times a second).
        while MonotonicTime.now() < deadline {
            if let screen = try? capture() as String, predicate(screen) { return screen }
            if MonotonicTime.now() >= nextLiveCheck {
                if programEnd() != nil { return nil }
                nextLiveCheck = MonotonicTime.now() + 0.25
            }
            TmuxSession.sleep(interval)
        }
        return nil
    }

    /// Sleeps `seconds`, resuming after signals: for the blocking callers.
    public static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var left = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var rest = timespec()
        // Each interruption resumes with what was left, so this ends.
        while nanosleep(&left, &rest) != 0 && errno == EINTR { left = rest }
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws(HarnessError) -> CommandResult {
        try checked(CommandRunner.run(tmuxArgv(arguments), inheritsEnvironment: inheritsEnvironment), arguments)
    }
}
