import Glibc
import Synchronization

/// One program running in a real terminal: a detached tmux session, driven and read back the way
/// a person would type and look. The end-to-end tests and the benchmarks both use it.
///
/// Each session runs on its own tmux server (a private socket, no configuration file), so nothing
/// touches a tmux someone is running and every run starts from the same defaults; `close()` (or,
/// without waiting, deinit) kills only this session, after which its server exits by itself.
/// Panes stay around after the program exits (`remain-on-exit`), so the last screen can still be
/// read.
///
/// Two ways to start. `init(command:...) async` (tests) runs a /bin/sh command line and records
/// its exit status in a file of its own (`exitStatus()`). `init(_:width:height:tag:...)` (the
/// benchmark driver) has the pane's shell exec the program, so the pane's pid is the program's.
/// Calls come in two forms with one set of tmux arguments: async ones here for tests, which must
/// not block the few threads of the cooperative pool, and blocking ones for the driver
/// (TmuxSession+Blocking.swift).
public final class TmuxSession {
    public let name: String
    public let width: Int
    public let height: Int
    let socketPath: String
    private let statusPath: String
    /// Where tmux's own complaints are appended (the benchmark's error log), if anywhere.
    private let errorLog: String?
    /// Tests pass their environment on to tmux (and so to the panes); the benchmarks pass only
    /// the few variables `ChildProcess` keeps.
    let inheritsEnvironment: Bool
    var closed = false

    /// Environment the program always gets: a capable terminal, a UTF-8 locale, and none of the
    /// caller's locale or colour overrides, which CI machines set unpredictably.
    public static let baseEnvironment = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]
    public static let clearedVariables = ["LC_ALL", "LC_CTYPE", "LC_MESSAGES", "NO_COLOR", "COLORTERM", "TMUX"]

    /// Whether tmux can be run here.
    public static var installed: Bool { CommandRunner.installed("tmux") }

    private static let counter = Atomic<Int>(0)

    init(tag: String, width: Int, height: Int, directory: String?, errorLog: String?, inheritsEnvironment: Bool) {
        let number = TmuxSession.counter.add(1, ordering: .relaxed).newValue
        let name = "tcpscope-\(tag)-\(getpid())-\(number)"
        self.name = name
        let preferred = directory.map { "\($0)/\(name).sock" } ?? TextFile.temporaryPath("\(name).sock")
        // A Unix socket path must fit in 108 bytes; a deep directory falls back to /tmp.
        socketPath = preferred.utf8.count < 100 ? preferred : "/tmp/\(name).sock"
        statusPath = directory.map { "\($0)/\(name).status" } ?? TextFile.temporaryPath("\(name).status")
        self.width = width
        self.height = height
        self.errorLog = errorLog
        self.inheritsEnvironment = inheritsEnvironment
    }

    /// Starts `command` (a /bin/sh command line) in a `width`x`height` terminal.
    /// `environment` adds to or overrides `baseEnvironment`.
    public convenience init(command: String, width: Int = 80, height: Int = 24,
                            environment: [String: String] = [:]) async throws {
        self.init(tag: "e2e", width: width, height: height, directory: nil, errorLog: nil, inheritsEnvironment: true)
        let wrapped = shellCommand(TmuxSession.environmentPrefix(environment) + ["/bin/sh", "-c", command])
        // The exit status goes to a file rather than being read back from tmux: tmux 3.3 now and
        // then leaves a finished pane unreaped, its status never known. The trap keeps this outer
        // shell alive through a ctrl-c meant for the command (a trapped signal, unlike an ignored
        // one, is back to its default in the command). The rename makes the file appear whole.
        let partial = shellQuote(statusPath + ".partial")
        let recorded = "trap : INT QUIT; \(wrapped); echo $? > \(partial); mv \(partial) \(shellQuote(statusPath))"
        try await tmux(startArguments(recorded))
    }

    deinit {
        guard !closed else { return }
        // deinit cannot await, so a shell does the same steps as close() on its own.
        CommandRunner.launch(["/bin/sh", "-c", cleanupScript])
    }

    /// Kills this session (never the server, which exits once it has no sessions) and removes
    /// its socket. Safe to call twice.
    public func close() async {
        guard !closed else { return }
        closed = true
        _ = try? await CommandRunner.run(["/bin/sh", "-c", cleanupScript])
    }

    var cleanupScript: String {
        "tmux -S \(shellQuote(socketPath)) kill-session -t \(shellQuote(name)) 2>/dev/null; "
            + "rm -f \(shellQuote(socketPath)) \(shellQuote(statusPath)) \(shellQuote(statusPath + ".partial"))"
    }

    /// `env` arguments that clear `clearedVariables` and set `baseEnvironment` plus `extra`.
    static func environmentPrefix(_ extra: [String: String]) -> [String] {
        let variables = baseEnvironment.merging(extra) { _, new in new }
        return ["env"] + clearedVariables.flatMap { ["-u", $0] }
            + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// One call, so the options are in place before the program can start or exit.
    func startArguments(_ command: String) -> [String] {
        ["set-option", "-g", "status", "off", ";",
         "set-option", "-g", "remain-on-exit", "on", ";",
         "set-option", "-g", "default-shell", "/bin/sh", ";",
         "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command]
    }

    // MARK: Driving

    /// Sends tmux key names ("Up", "C-c", "F5", "Enter", "M-x"), each as one key press.
    public func sendKeys(_ keys: String...) async throws {
        try await tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally, character by character (tmux `send-keys -l`).
    public func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", name, "-l", text])
    }

    /// Resizes the terminal, as a user dragging the window would; the program gets SIGWINCH.
    public func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Pastes `text` as a terminal paste would, in one burst (tmux `load-buffer` and
    /// `paste-buffer`): for text too long for one `send-keys`. Newlines become Enter. With
    /// `bracketed`, tmux wraps the paste in ESC [200~ ... ESC [201~ when the program has turned
    /// bracketed paste mode (2004) on, as a terminal emulator does; otherwise it sends it bare.
    public func paste(_ text: String, bracketed: Bool = false) async throws {
        let file = TextFile.temporaryPath("\(name)-paste.txt")
        try TextFile.write(file, text)
        defer { TextFile.remove(file) }
        try await tmux(["load-buffer", "-b", name, file])
        try await tmux(["paste-buffer", "-d", "-b", name, "-t", name] + (bracketed ? ["-p"] : []))
    }

    // MARK: Reading

    /// The visible screen as text, one line per row. With `escapes`, SGR sequences show each
    /// cell's colours and attributes (`capture-pane -e`).
    public func capture(escapes: Bool = false) async throws -> String {
        try await tmux(captureArguments(escapes: escapes)).stdout
    }

    func captureArguments(escapes: Bool) -> [String] {
        ["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : [])
    }

    /// Everything the pane has shown, its scrollback included, with lines the terminal wrapped
    /// joined back into one (`capture-pane -S - -J`): for a command's whole output rather than
    /// the screen it left.
    public func captureHistory() async throws -> String {
        try await tmux(["capture-pane", "-p", "-J", "-S", "-", "-t", name]).stdout
    }

    /// The title the program set with an OSC 0/2 sequence.
    public func paneTitle() async throws -> String {
        try await display("#{pane_title}")
    }

    /// A tmux format evaluated for this pane (`#{alternate_on}`, `#{cursor_flag}`, ...): the
    /// terminal's state as the program left it.
    public func display(_ format: String) async throws -> String {
        try await tmux(["display-message", "-p", "-t", name, format]).stdout.trimmingSpaces()
    }

    /// Whether the command started by `init(command:)` is still running.
    public func isAlive() -> Bool {
        exitStatus() == nil
    }

    /// The exit status of the command started by `init(command:)` once it has exited, nil while
    /// it runs. A command killed by a signal reads as 128 + the signal number, as a shell
    /// reports it.
    public func exitStatus() -> Int32? {
        Int32(TextFile.read(statusPath).trimmingSpaces())
    }

    /// The process id of the pane's shell, the ancestor of the command's processes.
    public func panePID() async throws -> pid_t {
        guard let pid = pid_t(try await display("#{pane_pid}")) else {
            throw HarnessError("tmux reported no pane pid for \(name)")
        }
        return pid
    }

    // MARK: Waiting

    /// Waits until the screen shows `text`, and returns that screen.
    @discardableResult
    public func waitFor(text: String, timeout: Duration = .seconds(30)) async throws -> String {
        try await waitUntil("screen shows \"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `predicate` holds for the screen (with escapes if asked), and returns that
    /// screen. On timeout the error carries the last screen seen.
    @discardableResult
    public func waitUntil(_ what: String, timeout: Duration = .seconds(30), escapes: Bool = false,
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

    /// Waits until the command started by `init(command:)` exits and returns its status.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        guard let status = try await poll(timeout: timeout, { exitStatus() }) else {
            throw HarnessError("timed out after \(timeout) waiting for the command to exit; last screen:\n"
                               + ((try? await capture()) ?? ""))
        }
        return status
    }
    // MARK: tmux

    /// -u: treat the terminal as UTF-8 whatever the caller's locale, so captures keep non-ASCII
    /// text; -f /dev/null: no user configuration.
    func tmuxArgv(_ arguments: [String]) -> [String] {
        ["tmux", "-u", "-f", "/dev/null", "-S", socketPath] + arguments
    }

    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> CommandResult {
        try checked(await CommandRunner.run(tmuxArgv(arguments), inheritsEnvironment: inheritsEnvironment), arguments)
    }

    func checked(_ result: CommandResult, _ arguments: [String]) throws(HarnessError) -> CommandResult {
        if let errorLog, !result.stderr.isEmpty { try? TextFile.append(errorLog, result.stderr) }
        guard result.status == 0 else {
            throw HarnessError("tmux \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result
    }
}
