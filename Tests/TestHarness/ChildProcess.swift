import Dispatch
import Glibc
import Synchronization

/// A program started by the benchmark driver or a test, with its exit time taken the moment it
/// exits and its CPU time and peak memory from wait4. It is killed and reaped on deinit if it is
/// still running, so no child outlives the interest in it.
///
/// The exit is watched with waitid(WNOWAIT) on a helper thread: that learns of the exit without
/// reaping, so the pid stays ours (a zombie) until `waitExit` or `exitIfEnded` reaps it, and a
/// kill can never reach a recycled pid.
///
/// Every child starts with a clean signal state and no descriptor above stderr: a test runner's
/// threads block most signals, and a daemon (a tmux server) that inherited a pipe of the caller
/// would hold off that pipe's end of file for as long as it lives.
public final class ChildProcess {
    public enum Output {
        case null
        case pipe
        case inherit
        /// Written to this file (created or truncated).
        case file(String)
    }

    public struct Exit: Sendable {
        /// The wait status, as wait4 reports it.
        public var status: Int32
        /// MonotonicTime when the exit was seen.
        public var end: Double
        /// User plus system CPU seconds of the child (all its threads).
        public var cpuSeconds: Double
        /// Peak resident memory, KiB.
        public var maxResidentKiB: Int

        public var succeeded: Bool { status & 0x7f == 0 && (status >> 8) & 0xff == 0 }
        /// The exit code, or for a child killed by a signal that signal's number (as
        /// Foundation's `terminationStatus` reports it).
        public var code: Int32 { status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f }
        public var summary: String {
            status & 0x7f == 0 ? "exit status \((status >> 8) & 0xff)" : "killed by signal \(status & 0x7f)"
        }
    }

    public let argv: [String]
    public let pid: pid_t
    /// MonotonicTime just before the spawn.
    public let start: Double
    /// Read end of the child's standard output, with `.pipe`.
    public let stdout: Int32?
    private let exited = ExitSignal()
    private var reaped: Exit?

    /// Starts `argv` (a bare name is looked up in PATH) with a clean signal state, standard
    /// input from /dev/null and standard error appended to `errorLog` (or inherited).
    ///
    /// - Parameter inheritsEnvironment: pass this process's whole environment on (tests, whose
    ///   children need the sanitizer's options and the like). Without it the child gets only
    ///   PATH, HOME, LANG, LC_ALL and TMPDIR, so every benchmark run sees the same environment.
    public init(_ argv: [String], stdout output: Output = .null, errorLog: String? = nil,
                inheritsEnvironment: Bool = false) throws(HarnessError) {
        guard let program = argv.first else { throw HarnessError("nothing to run") }
        self.argv = argv
        var pipeEnds: [Int32] = [-1, -1]
        if case .pipe = output {
            guard pipe(&pipeEnds) == 0 else { throw HarnessError("pipe: \(String(cString: strerror(errno)))") }
            // pipe2 is hidden behind _GNU_SOURCE. Setting close-on-exec just after is enough: a
            // spawn on another thread in between closes every descriptor above stderr anyway.
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch output {
        case .null: posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .pipe: posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        case .inherit: break
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        if let errorLog {
            posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }
        for descriptor in ChildProcess.openDescriptors() {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // The driver's own signal state must not leak into what it measures: every child starts
        // with nothing blocked and the default action for the signals that end it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGALRM, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGXFSZ] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let passed = inheritsEnvironment ? ChildProcess.currentEnvironment() : ChildProcess.environment
        let environment = passed.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var child: pid_t = 0
        start = MonotonicTime.now()
        let code = program.contains("/")
            ? posix_spawn(&child, program, &actions, &attributes, arguments, environment)
            : posix_spawnp(&child, program, &actions, &attributes, arguments, environment)
        if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
        guard code == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw HarnessError("cannot start \(program): \(String(cString: strerror(code)))")
        }
        let watched = child
        pid = child
        stdout = pipeEnds[0] >= 0 ? pipeEnds[0] : nil
        let signal = exited
        DispatchQueue.global().async { @Sendable in
            var info = siginfo_t()
            // EINTR is the only retry; anything else (ECHILD) means there is nothing to wait for.
            while waitid(P_PID, id_t(watched), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            signal.post(at: MonotonicTime.now())
        }
    }

    deinit {
        if reaped == nil { kill() }
        if let stdout { close(stdout) }
    }

    /// Waits up to `timeout` seconds for the exit and reaps it; nil if it is still running.
    public func waitExit(timeout: Double) -> Exit? {
        if let reaped { return reaped }
        guard let end = exited.wait(timeout: timeout) else { return nil }
        return reap(end: end)
    }

    /// The exit, reaped, if the child has exited; nil at once if it is still running. For
    /// callers that must not block (async tests poll this between sleeps).
    public func exitIfEnded() -> Exit? {
        if let reaped { return reaped }
        if let end = exited.wait(timeout: 0) { return reap(end: end) }
        // The watching thread may not have run yet: ask the kernel directly, without reaping.
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info.si_signo == SIGCHLD else { return nil }
        return reap(end: MonotonicTime.now())
    }

    private func reap(end: Double) -> Exit {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let cpu = ChildProcess.seconds(usage.ru_utime) + ChildProcess.seconds(usage.ru_stime)
        let exit = Exit(status: status, end: end,
                        cpuSeconds: cpu, maxResidentKiB: Int(usage.ru_maxrss))
        reaped = exit
        return exit
    }

    /// Ends the child at once (SIGKILL) and reaps it; harmless after it exited.
    public func kill() {
        guard reaped == nil else { return }
        _ = Glibc.kill(pid, SIGKILL)
        _ = waitExit(timeout: 10)
    }

    private static func seconds(_ t: timeval) -> Double {
        Double(t.tv_sec) + Double(t.tv_usec) / 1e6
    }

    /// Only what the programs need, so every run sees the same environment.
    private static let passedVariables: [String] = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"]
    private static let environment: [String] = passedVariables.compactMap { (name: String) -> String? in
        getenv(name).map { "\(name)=\(String(cString: $0))" }
    }

    /// Descriptors above stderr open in this process now. One closed meanwhile costs nothing:
    /// glibc ignores a close action whose descriptor is not open.
    private static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var found: [Int32] = []
        // Bounded by the entries of the directory.
        while let entry = readdir(directory) {
            let name = DirectoryEntry.name(entry)
            if let descriptor = Int32(name), descriptor > 2, descriptor != own { found.append(descriptor) }
        }
        return found
    }

    /// This process's environment as it started (/proc/self/environ; tests do not change theirs).
    private static func currentEnvironment() -> [String] {
        TextFile.read("/proc/self/environ", limit: 1 << 20).split(separator: "\u{0}").map(String.init)
    }
}

/// The moment a child's exit was seen, handed from the watching thread to the driver.
private final class ExitSignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    /// The exit time's bit pattern, 0 until posted (a monotonic time is never 0). An atomic
    /// rather than a Mutex: the tests run under ThreadSanitizer too, which cannot see a Mutex's
    /// futex but understands atomics.
    private let seen = Atomic<UInt64>(0)

    func post(at time: Double) {
        seen.store(time.bitPattern, ordering: .releasing)
        semaphore.signal()
    }

    /// The exit time, or nil if none was posted within `timeout` seconds. Once posted, every
    /// later call returns it at once.
    func wait(timeout: Double) -> Double? {
        if let time = posted { return time }
        guard semaphore.wait(timeout: .now() + .milliseconds(Int(max(0, timeout) * 1000))) == .success else { return nil }
        return posted
    }

    private var posted: Double? {
        let bits = seen.load(ordering: .acquiring)
        return bits == 0 ? nil : Double(bitPattern: bits)
    }
}
