import Dispatch
import Glibc
import Inspector
import Screen

/// The UI thread's loop: it sleeps in ppoll on the terminal and the session's wake-up
/// descriptor, turns keys into effects through the `Interaction`, hands commands to the
/// session, and draws the session's newest snapshot at most about sixty times a second.
/// Only this thread calls curses.
public final class UserInterface {
    public struct Options: Sendable {
        /// Where to write key-to-screen latencies (microseconds, one per line), if anywhere.
        public var latencyLog: MeasurementLog?
        /// Where to write one line per frame (time shown, render and present costs), if anywhere.
        public var frameLog: MeasurementLog?
        /// A message for the status line at start.
        public var greeting: String?
        /// Commands to run once the screen is up (`connect ...` from the command line, a
        /// `--script`), in order, each after the one before has finished.
        public var startup: [String] = []
        /// Open on the Host view with this filter (as typed; empty for every socket).
        public var hostFilter: String?

        public init(latencyLog: MeasurementLog? = nil, frameLog: MeasurementLog? = nil, greeting: String? = nil, startup: [String] = [],
                    hostFilter: String? = nil) {
            self.latencyLog = latencyLog
            self.frameLog = frameLog
            self.greeting = greeting
            self.startup = startup
            self.hostFilter = hostFilter
        }
    }

    /// The shortest time between two frames: about sixty a second.
    static let frameInterval = Duration.milliseconds(16)
    /// The shortest time before a frame that answers a key. A person types a few keys a
    /// second, so answering them sooner costs a few frames at most, and a key no longer waits
    /// out a frame interval that a flood of data started.
    static let keyFrameInterval = Duration.milliseconds(2)
    /// How often the screen refreshes while something is running (elapsed times tick).
    static let tickInterval = Duration.milliseconds(100)

    private let session: Session
    private let waiter: InputWaiter
    private let help: HelpLibrary
    private let options: Options
    /// Outcomes of commands, handed over from whichever thread finished them.
    private let inbox = Inbox()
    /// Refreshes the Host view's table while it is shown; wakes this thread when it has.
    private let hostMonitor: HostMonitor
    /// The Host view's table in the order shown, sorted once for each refresh or change of
    /// order, not for every key and frame.
    private var hostOrder: (refreshed: ContinuousClock.Instant?, column: HostColumn, descending: Bool, table: HostTable)?

    /// `waiter` must have been created on this thread before any other thread started, so
    /// that resizes interrupt this thread's wait (see `InputWaiter`).
    public init(session: Session, waiter: InputWaiter, help: HelpLibrary, options: Options = Options()) {
        self.session = session
        self.waiter = waiter
        self.help = help
        self.options = options
        hostMonitor = HostMonitor { [session] in session.requestRedraw() }
    }

    /// Runs until the person quits or the terminal goes away; restores the terminal.
    public func run() throws(TerminalError) {
        waiter.wakeDescriptor = session.wakeDescriptor
        let screen = try TerminalScreen.start()
        defer { screen.restore() }
        let presenter = CanvasPresenter(screen: screen)
        let keys = KeyReader(screen: screen)
        let latency = options.latencyLog
        let frames = options.frameLog
        var interaction = Interaction(help: help, unicode: screen.isUTF8)
        interaction.resize(width: screen.size.width, height: screen.size.height)
        if let greeting = options.greeting { interaction.say(greeting) }
        if let filter = options.hostFilter {
            _ = interaction.handle(.character(":"), snapshot: session.snapshot())
            interaction.view.editor.set("sockets " + filter)
            for effect in interaction.handle(.enter, snapshot: session.snapshot()) { showHost(effect) }
        }
        defer { hostMonitor.stop() }
        runInOrder(options.startup)

        let clock = ContinuousClock()
        var lastFrame = clock.now - UserInterface.frameInterval
        var dirty = true
        var keyWaiting = false
        var keyTimes: [ContinuousClock.Instant] = []
        var snapshot = session.snapshot()

        while true {
            let now = clock.now
            var timeout: Duration?
            let interval = keyWaiting ? UserInterface.keyFrameInterval : UserInterface.frameInterval
            if dirty {
                timeout = max(.zero, interval - (now - lastFrame))
            } else if snapshot.isBusy {
                timeout = UserInterface.tickInterval
            }
            // While a frame is due, the session's changes (every few milliseconds while a
            // stream is followed) need not wake this thread: the frame will show them. The
            // wake-up stays unacknowledged until then, so the session writes it once a frame.
            let woke = waiter.wait(timeout: timeout, wake: !dirty)
            if woke.contains(.hangup) { return }
            if woke.contains(.wake) { dirty = true }
            if woke.isTimeout, timeout != nil { dirty = true }

            let pressed = keys.drain()
            if !pressed.isEmpty {
                snapshot = session.snapshot()
                let arrived = clock.now
                for key in pressed {
                    if key == .resize {
                        interaction.resize(width: screen.size.width, height: screen.size.height)
                    }
                    if let host = interaction.view.host {
                        interaction.hostRows = orderedHostTable(host, now: clock.now).entries.map(\.row)
                    }
                    for effect in interaction.handle(key, snapshot: snapshot) {
                        switch effect {
                        case .submit(let line): submit(line)
                        case .quit: return
                        case .redraw: presenter.invalidate()
                        case .host: showHost(effect)
                        case .abortHost(let row): abortHost(row)
                        }
                    }
                    // A select changes what the next key acts on: see it before that key.
                    snapshot = session.snapshot()
                    if latency != nil { keyTimes.append(arrived) }
                }
                dirty = true
                keyWaiting = true
            }
            // An accept is said before the outcomes: a connect to this session's own listener
            // waits for its accept, and its own outcome is what the person asked for.
            if session.acceptedSoFar > interaction.view.acceptsSaid {
                snapshot = session.snapshot()
                interaction.noticeAccepts(snapshot)
                dirty = true
            }
            for outcome in inbox.take() {
                interaction.finished(outcome)
                dirty = true
            }

            let wanted = keyWaiting ? UserInterface.keyFrameInterval : UserInterface.frameInterval
            guard dirty, clock.now - lastFrame >= wanted else { continue }
            // Before the snapshot: a change made after it wakes this thread again.
            session.acknowledgeWake()
            snapshot = session.snapshot()
            interaction.noticeLostWrites(snapshot)
            let size = screen.size
            let renderStart = clock.now
            let frame = ScreenRenderer.render(snapshot, interaction.view, width: size.width, height: size.height,
                                              help: help, now: renderStart,
                                              host: interaction.view.host.map { orderedHostTable($0, now: renderStart) })
            let presentStart = clock.now
            presenter.present(frame.canvas, cursor: frame.cursor)
            lastFrame = clock.now
            dirty = false
            keyWaiting = false
            frames?.recordFrame(render: presentStart - renderStart, present: lastFrame - presentStart)
            if let latency, !keyTimes.isEmpty {
                latency.recordKeyLatencies(keyTimes.map { lastFrame - $0 })
                keyTimes.removeAll()
            }
        }
    }

    /// Runs lines one after another on a background thread, reporting each outcome.
    private func runInOrder(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        let session = session
        let inbox = inbox
        DispatchQueue.global().async {
            for line in lines {
                inbox.put(session.perform(line))
                session.requestRedraw()
            }
        }
    }

    /// The newest Host view table, in the order `host` asks for.
    private func orderedHostTable(_ host: HostViewState, now: ContinuousClock.Instant) -> HostTable {
        let table = hostMonitor.table()
        if let cached = hostOrder, cached.refreshed == table.refreshed, cached.column == host.sortColumn,
           cached.descending == host.descending {
            return cached.table
        }
        if hostOrder?.column != host.sortColumn { hostMonitor.trend(host.sortColumn) }
        let ordered = table.ordered(by: host.sortColumn, descending: host.descending, now: now)
        hostOrder = (table.refreshed, host.sortColumn, host.descending, ordered)
        return ordered
    }

    /// Starts or stops the Host view's refreshes.
    private func showHost(_ effect: Effect) {
        guard case .host(let filter, let text) = effect else { return }
        guard let filter else {
            hostMonitor.stop()
            return
        }
        hostMonitor.start(filter, text: text)
    }

    /// Aborts a connection of the Host view on the monitor's queue; the outcome comes back
    /// through the inbox like a command's.
    private func abortHost(_ row: HostRow) {
        hostMonitor.abort(row, deliver)
    }

    private func submit(_ line: String) {
        session.submit(line, completion: deliver)
    }

    /// Hands an outcome, finished on any thread, to this one: into the inbox, then a wake-up.
    private var deliver: @Sendable (Outcome) -> Void {
        let session = session
        let inbox = inbox
        return { outcome in
            inbox.put(outcome)
            session.requestRedraw()
        }
    }

}

/// Outcomes of commands, put by whichever thread finished them and taken by the UI thread.
final class Inbox: Sendable {
    private let items = Locked<[Outcome]>([])

    func put(_ outcome: Outcome) {
        items.withLock { $0.append(outcome) }
    }

    func take() -> [Outcome] {
        items.withLock { box in
            defer { box.removeAll() }
            return box
        }
    }
}
