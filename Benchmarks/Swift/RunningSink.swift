import Glibc

/// How a sink's run ended, once the source has reported.
struct SinkOutcome {
    var succeeded: Bool
    var summary: String
    /// User plus system CPU seconds the sink used (all threads), start-up included.
    var cpuSeconds: Double
}

/// A sink while a transfer runs: a program the driver started, or tcpscope's screen in tmux.
protocol RunningSink: AnyObject {
    /// The process that receives (for sampling it from /proc while the bytes flow).
    var pid: pid_t { get }
    /// How it ended, if it already ended; nil while it runs.
    func endedEarly() -> String?
    /// After the source's report: waits up to `timeout` seconds for a program that ends by
    /// itself, or ends a screen that stays up; nil if a program is still running then.
    func finish(timeout: Double) -> SinkOutcome?
    /// Ends it now, whatever it is doing.
    func abort()
}

/// A sink that is an ordinary program: it exits at end of stream.
final class ProcessSink: RunningSink {
    private let child: ChildProcess

    init(_ argv: [String], errorLog: String) throws(BenchError) {
        child = try ChildProcess(argv, stdout: .null, errorLog: errorLog)
    }

    var pid: pid_t { child.pid }

    func endedEarly() -> String? {
        child.waitExit(timeout: 0)?.summary
    }

    func finish(timeout: Double) -> SinkOutcome? {
        child.waitExit(timeout: timeout).map { SinkOutcome(succeeded: $0.succeeded, summary: $0.summary, cpuSeconds: $0.cpuSeconds) }
    }

    func abort() {
        child.kill()
    }
}

/// tcpscope's screen in a 200x60 tmux terminal, connected to the source by its startup
/// command, following the stream with its hex view on screen. Its script closes the stream
/// after the end of stream, which is when the source stops its clock; the screen itself stays
/// up until `finish` reads its CPU time and frame log and closes the terminal.
final class ScreenSink: RunningSink {
    static let width = 200
    static let height = 60
    private let terminal: TmuxSession
    let pid: pid_t
    private let frameLog: String
    private let frames: FrameLedger

    init(_ argv: [String], frameLog: String, frames: FrameLedger, tools: Tools, errorLog: String) throws(BenchError) {
        terminal = try TmuxSession(argv + ["--frame-log", frameLog], width: ScreenSink.width, height: ScreenSink.height,
                                   tag: "ingest", workDirectory: tools.workDirectory, errorLog: errorLog)
        pid = try terminal.programPID()
        self.frameLog = frameLog
        self.frames = frames
    }

    func endedEarly() -> String? {
        terminal.programEnd()
    }

    func finish(timeout: Double) -> SinkOutcome? {
        let cpu = ProcessStats.cpuSeconds(pid) ?? 0
        let end = terminal.programEnd()
        terminal.close()
        frames.add(FrameLogFile.read(frameLog))
        unlink(frameLog)
        return SinkOutcome(succeeded: end == nil, summary: end ?? "screen still up at the end", cpuSeconds: cpu)
    }

    func abort() {
        terminal.close()
    }
}
