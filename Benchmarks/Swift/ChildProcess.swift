import Dispatch
import Glibc
import Synchronization

/// A program the driver started, with its exit time taken the moment it exits and its CPU time
/// and peak memory from wait4. It is killed and reaped on deinit if it is still running, so no
/// benchmark process outlives the driver's interest in it.
///
/// The exit is watched with waitid(WNOWAIT) on a helper thread: that learns of the exit without
/// reaping, so the pid stays ours (a zombie) until `waitExit` reaps it, and a kill can never
/// reach a recycled pid.
final class ChildProcess {
    enum Output {
        case null
        case pipe
        case inherit
    }

    struct Exit: Sendable {
        /// The wait status, as wait4 reports it.
        var status: Int32
        /// MonotonicTime when the exit was seen.
        var end: Double
        /// User plus system CPU seconds of the child (all its threads).
        var cpuSeconds: Double
        /// Peak resident memory, KiB.
        var maxResidentKiB: Int

        var succeeded: Bool { status & 0x7f == 0 && (status >> 8) & 0xff == 0 }
        var summary: String {
            status & 0x7f == 0 ? "exit status \((status >> 8) & 0xff)" : "killed by signal \(status & 0x7f)"
        }
    }

    let argv: [String]
    let pid: pid_t
    /// MonotonicTime just before the spawn.
    let start: Double
    /// Read end of the child's standard output, with `.pipe`.
    let stdout: Int32?
    private let exited = ExitSignal()
    private var reaped: Exit?

    /// Starts `argv` (a bare name is looked up in PATH) with a clean signal state, standard
    /// input from /dev/null and standard error appended to `errorLog` (or inherited).
    init(_ argv: [String], stdout output: Output = .null, errorLog: String? = nil) throws(BenchError) {
        guard let program = argv.first else { throw BenchError("nothing to run") }
        self.argv = argv
        var pipeEnds: [Int32] = [-1, -1]
        if case .pipe = output {
            guard pipe(&pipeEnds) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
            // pipe2 is hidden behind _GNU_SOURCE; the driver spawns from one thread, so setting
            // close-on-exec just after cannot race another spawn.
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
        }
        if let errorLog {
            posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_APPEND, 0o600)
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
        for signal in [SIGPIPE, SIGALRM, SIGTERM, SIGINT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        let environment = ChildProcess.environment.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var child: pid_t = 0
        start = MonotonicTime.now()
        let code = program.contains("/")
            ? posix_spawn(&child, program, &actions, &attributes, arguments, environment)
            : posix_spawnp(&child, program, &actions, &attributes, arguments, environment)
        if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
        guard code == 0 else {
            if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
            throw BenchError("cannot start \(program): \(String(cString: strerror(code)))")
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
    func waitExit(timeout: Double) -> Exit? {
        if let reaped { return reaped }
        guard let end = exited.wait(timeout: timeout) else { return nil }
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
    func kill() {
        guard reaped == nil else { return }
        _ = Glibc.kill(pid, SIGKILL)
        _ = waitExit(timeout: 10)
    }

    private static func seconds(_ t: timeval) -> Double {
        Double(t.tv_sec) + Double(t.tv_usec) / 1e6
    }

    /// Only what the programs need, so every run sees the same environment.
    private static let passed: [String] = ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"]
    private static let environment: [String] = passed.compactMap { (name: String) -> String? in
        getenv(name).map { "\(name)=\(String(cString: $0))" }
    }
}

/// The moment a child's exit was seen, handed from the watching thread to the driver.
private final class ExitSignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let seen = Mutex<Double?>(nil)

    func post(at time: Double) {
        seen.withLock { $0 = time }
        semaphore.signal()
    }

    /// The exit time, or nil if none was posted within `timeout` seconds. Once posted, every
    /// later call returns it at once.
    func wait(timeout: Double) -> Double? {
        if let time = seen.withLock({ $0 }) { return time }
        guard semaphore.wait(timeout: .now() + .milliseconds(Int(max(0, timeout) * 1000))) == .success else { return nil }
        return seen.withLock { $0 }
    }
}
