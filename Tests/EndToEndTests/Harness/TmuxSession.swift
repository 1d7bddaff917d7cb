import TestSupport
import Foundation

/// One command running in a real terminal: a detached tmux session of its own, driven and read
/// back the way a person would type and look.
///
/// Each session runs on its own tmux server (a private socket, no user configuration), so tests
/// never touch a tmux the user is running and start from the same defaults everywhere; `close()`
/// (or, without waiting, deinit) kills only this session, after which its server exits by itself.
/// Panes stay around after the command exits (`remain-on-exit`), so the last screen can still be
/// read, and the command's exit status is recorded in a file of its own (see `init`).
final class TmuxSession {
    let name: String
    let width: Int
    let height: Int
    private let socketPath: String
    private let statusPath: String
    private var closed = false

    /// Environment the command always gets: a capable terminal, a UTF-8 locale, and none of the
    /// caller's locale or colour overrides, which CI machines set unpredictably.
    static let baseEnvironment = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]
    static let clearedVariables = ["LC_ALL", "LC_CTYPE", "LC_MESSAGES", "NO_COLOR", "COLORTERM", "TMUX"]

    /// Starts `command` (a /bin/sh command line) in a `width`x`height` terminal.
    /// `environment` adds to or overrides `baseEnvironment`.
    init(command: String, width: Int = 80, height: Int = 24, environment: [String: String] = [:]) async throws {
        let id = UUID().uuidString.prefix(8).lowercased()
        name = "tcpscope-e2e-\(id)"
        let socketName = "tcpscope-e2e-\(getpid())-\(id).sock"
        let preferred = FileManager.default.temporaryDirectory.appendingPathComponent(socketName).path
        // A Unix socket path must fit in 108 bytes; a deep TMPDIR falls back to /tmp.
        socketPath = preferred.utf8.count < 100 ? preferred : "/tmp/" + socketName
        statusPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("tcpscope-e2e-\(getpid())-\(id).status").path
        self.width = width
        self.height = height

        let variables = TmuxSession.baseEnvironment.merging(environment) { _, new in new }
        let envArguments = TmuxSession.clearedVariables.flatMap { ["-u", $0] }
            + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let wrapped = shellCommand(["env"] + envArguments + ["/bin/sh", "-c", command])
        // The exit status goes to a file rather than being read back from tmux: tmux 3.3 now and
        // then leaves a finished pane unreaped, its status never known. The trap keeps this outer
        // shell alive through a ctrl-c meant for the command (a trapped signal, unlike an ignored
        // one, is back to its default in the command). The rename makes the file appear whole.
        let partial = shellQuote(statusPath + ".partial")
        let recorded = "trap : INT QUIT; \(wrapped); echo $? > \(partial); mv \(partial) \(shellQuote(statusPath))"
        // One call, so the options are in place before the command can exit.
        try await tmux(["set-option", "-g", "status", "off", ";",
                        "set-option", "-g", "remain-on-exit", "on", ";",
                        "set-option", "-g", "default-shell", "/bin/sh", ";",
                        "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), recorded],
                       startsServer: true)
    }

    deinit {
        guard !closed else { return }
        // deinit cannot await, so a shell does the same two steps as close() on its own.
        CommandRunner.launch(["/bin/sh", "-c", cleanupScript])
    }

    /// Kills this session (never the server, which exits once it has no sessions) and removes
    /// its socket. Safe to call twice.
    func close() async {
        guard !closed else { return }
        closed = true
        _ = try? await CommandRunner.run(["/bin/sh", "-c", cleanupScript])
    }

    private var cleanupScript: String {
        "tmux -S \(shellQuote(socketPath)) kill-session -t \(shellQuote(name)) 2>/dev/null; "
            + "rm -f \(shellQuote(socketPath)) \(shellQuote(statusPath)) \(shellQuote(statusPath + ".partial"))"
    }

    // MARK: Driving

    /// Sends tmux key names ("Up", "C-c", "F5", "Enter", "M-x"), each as one key press.
    func sendKeys(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally, character by character (tmux `send-keys -l`).
    func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Resizes the terminal, as a user dragging the window would; the command gets SIGWINCH.
    func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    // MARK: Reading

    /// The visible screen as text, one line per row. With `escapes`, SGR sequences show each
    /// cell's colours and attributes (`capture-pane -e`).
    func capture(escapes: Bool = false) async throws -> String {
        try await tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : [])).stdout
    }

    /// Everything the pane has shown, its scrollback included, with lines the terminal wrapped
    /// joined back into one (`capture-pane -S - -J`): for a command's whole output rather than
    /// the screen it left.
    func captureHistory() async throws -> String {
        try await tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", name]).stdout
    }

    /// The title the command set with an OSC 0/2 sequence.
    func paneTitle() async throws -> String {
        try await display("#{pane_title}")
    }

    /// Whether the command is still running.
    func isAlive() -> Bool {
        exitStatus() == nil
    }

    /// The command's exit status once it has exited, nil while it runs. A command killed by a
    /// signal reads as 128 + the signal number, as a shell reports it.
    func exitStatus() -> Int32? {
        guard let text = try? String(contentsOfFile: statusPath, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The process id of the pane's shell, the ancestor of the command's processes.
    func panePID() async throws -> pid_t {
        guard let pid = pid_t(try await display("#{pane_pid}")) else {
            throw HarnessError("tmux reported no pane pid for \(name)")
        }
        return pid
    }

    // MARK: Waiting

    /// Waits until the screen shows `text`, and returns that screen.
    @discardableResult
    func waitFor(text: String, timeout: Duration = .seconds(30)) async throws -> String {
        try await waitUntil("screen shows \"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `predicate` holds for the screen (with escapes if asked), and returns that
    /// screen. On timeout the error carries the last screen seen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = .seconds(30), escapes: Bool = false,
                   _ predicate: (String) throws -> Bool) async throws -> String {
        var last = ""
        let screen = try await poll(timeout: timeout) { () async throws -> String? in
            last = try await capture(escapes: escapes)
            return try predicate(last) ? last : nil
        }
        guard let screen else {
            throw HarnessError("timed out after \(timeout) waiting until \(what); last screen:\n\(last)")
        }
        return screen
    }

    /// Waits until the command exits and returns its status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        guard let status = try await poll(timeout: timeout, { exitStatus() }) else {
            throw HarnessError("timed out after \(timeout) waiting for the command to exit; last screen:\n"
                               + ((try? await capture()) ?? ""))
        }
        return status
    }

    // MARK: tmux

    /// A tmux format evaluated for this pane (`#{alternate_on}`, `#{cursor_flag}`, ...): the
    /// terminal's state as the command left it.
    func display(_ format: String) async throws -> String {
        try await tmux(["display-message", "-p", "-t", name, format]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Pastes `text` as a terminal paste would, in one burst (tmux `load-buffer` and
    /// `paste-buffer`): for text too long for one `send-keys`. Newlines become Enter. With
    /// `bracketed`, tmux wraps the paste in ESC [200~ ... ESC [201~ when the program has turned
    /// bracketed paste mode (2004) on, as a terminal emulator does; otherwise it sends it bare.
    func paste(_ text: String, bracketed: Bool = false) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-paste.txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try await tmux(["load-buffer", "-b", name, file.path])
        try await tmux(["paste-buffer", "-d", "-b", name, "-t", name] + (bracketed ? ["-p"] : []))
    }

    @discardableResult
    private func tmux(_ arguments: [String], startsServer: Bool = false) async throws -> CommandResult {
        // -u: treat the terminal as UTF-8 whatever the test runner's locale, so captures keep
        // non-ASCII text; -f /dev/null: no user configuration.
        let result = try await CommandRunner.run(["tmux", "-u", "-f", "/dev/null", "-S", socketPath] + arguments,
                                                 forksDaemon: startsServer)
        if result.status != 0 {
            throw HarnessError("tmux \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result
    }
}
