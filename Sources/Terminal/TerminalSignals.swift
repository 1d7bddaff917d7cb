import CNcursesw
import Glibc
import Synchronization

// Process-wide state, kept to what restoring the terminal from a signal handler or from exit()
// needs. Neither a signal handler nor an atexit hook can be handed context of ours, so both can
// only reach globals:
//
// - `cursesActive` is true between initscr() and endwin(). Whoever flips it to false (a normal
//   restore, a signal handler, or the atexit hook) is the one that calls endwin(), so endwin runs
//   once however the process ends. An atomic, because a handler may run on any thread.
// - `previousActions` holds the dispositions that were in force before ours, indexed by signal
//   number, so a handler can pass the signal on to them. It is written only by
//   `TerminalSignals.install()`/`uninstall()` on the UI thread while none of our handlers is
//   installed for that slot, and only read by the handlers.

/// True while curses owns the terminal; see the note above.
let cursesActive = Atomic<Bool>(false)

/// Set once the atexit hook is registered (atexit hooks cannot be removed).
private let exitHookRegistered = Atomic<Bool>(false)

private let signalSlots = 65  // NSIG on Linux: signal numbers 1...64

nonisolated(unsafe) private let previousActions: UnsafeMutablePointer<sigaction> = {
    let slots = UnsafeMutablePointer<sigaction>.allocate(capacity: signalSlots)
    slots.initialize(repeating: sigaction(), count: signalSlots)
    return slots
}()

/// Restores the terminal when the process ends any way but a normal `restore()`.
///
/// Termination requests (SIGINT, SIGTERM, SIGHUP, SIGQUIT) and crashes (SIGSEGV, SIGBUS, SIGILL,
/// SIGTRAP, SIGFPE, SIGABRT) end curses, turn bracketed paste off, and then hand the signal to
/// the disposition that was there before (SIGQUIT excepted: see `quitAsTerminated`), so a
/// crash still reaches the Swift runtime's backtracer, which then prints on a usable terminal.
/// The process then dies of the signal whatever that disposition did, so the exit status stays
/// truthful (a shell sees 143 after SIGTERM) and nothing runs on with curses half torn down.
/// SIGWINCH and SIGTSTP are left to ncurses, which handles both itself; SIGCONT only asks for
/// bracketed paste again. Signals that were ignored when we started stay ignored (nohup, `&`).
enum TerminalSignals {
    static let handled: [Int32] = [
        SIGINT, SIGTERM, SIGHUP, SIGQUIT,
        SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT,
    ]

    private static let installed = Atomic<Bool>(false)

    /// Installs the handlers and the atexit hook. Call before initscr(): ncurses then sees that
    /// SIGINT and SIGTERM are taken and does not install its own handlers (which exit with status 1).
    static func install() {
        registerExitHook()
        guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for signo in handled {
            var current = sigaction()
            guard sigaction(signo, nil, &current) == 0 else { continue }
            previousActions[Int(signo)] = current
            if isIgnored(current) { continue }
            var ours = sigaction()
            ours.__sigaction_handler.sa_sigaction = restoreTerminalAndResignal
            sigemptyset(&ours.sa_mask)
            // Block the other handled signals while one is handled: endwin() must not be
            // re-entered halfway through.
            for other in handled { sigaddset(&ours.sa_mask, other) }
            ours.sa_flags = SA_SIGINFO
            sigaction(signo, &ours, nil)
        }
        // After ctrl-z and `fg` ncurses restores its own modes; the shell may have turned
        // bracketed paste off meanwhile (bash does before every command), so ask again.
        var current = sigaction()
        if sigaction(SIGCONT, nil, &current) == 0 {
            previousActions[Int(SIGCONT)] = current
            var ours = sigaction()
            ours.__sigaction_handler.sa_handler = { _ in BracketedPaste.reassert() }
            sigemptyset(&ours.sa_mask)
            ours.sa_flags = SA_RESTART
            sigaction(SIGCONT, &ours, nil)
        }
    }

    /// Puts back the dispositions found by `install()`.
    static func uninstall() {
        guard installed.exchange(false, ordering: .acquiringAndReleasing) else { return }
        for signo in handled + [SIGCONT] {
            sigaction(signo, previousActions + Int(signo), nil)
        }
    }

    /// SIG_IGN is the handler value 1; function pointers are not Equatable, so compare bits.
    private static func isIgnored(_ action: sigaction) -> Bool {
        let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: UInt.self)
        return handler == 1 && action.sa_flags & Int32(SA_SIGINFO) == 0
    }

    private static func registerExitHook() {
        guard !exitHookRegistered.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // exit() from anywhere (ArgumentParser's error exits included) skips Swift `defer`s.
        atexit {
            if cursesActive.exchange(false, ordering: .acquiringAndReleasing) {
                endwin()
            }
            BracketedPaste.disable()
        }
    }
}

/// The handler for every signal in `TerminalSignals.handled`.
///
/// endwin() is not async-signal-safe; calling it anyway is the established practice (htop, vim):
/// the process is about to die, and a terminal left without echo and in the alternate screen is
/// the worse outcome. Everything after it is async-signal-safe.
private func restoreTerminalAndResignal(_ signo: Int32, _ info: UnsafeMutablePointer<siginfo_t>?,
                                        _ context: UnsafeMutableRawPointer?) {
    if cursesActive.exchange(false, ordering: .acquiringAndReleasing) {
        endwin()
    }
    BracketedPaste.disable()
    guard signo > 0, Int(signo) < signalSlots else { return }
    if signo == SIGQUIT {
        quitAsTerminated()
        return
    }
    sigaction(signo, previousActions + Int(signo), nil)

    // A fault raised by the CPU (si_code > 0) recurs when the faulting instruction runs again
    // on return, and then reaches the previous handler with the true context of the crash.
    // (A switch, not an array: an array literal may allocate, and malloc is off limits here.)
    switch signo {
    case SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE:
        if let info, info.pointee.si_code > 0 { return }
    default:
        break
    }

    // Otherwise deliver it to the previous disposition now: unblocked, raise() runs it before
    // returning. If that was the default action, the process is gone.
    var only = sigset_t()
    sigemptyset(&only)
    sigaddset(&only, signo)
    pthread_sigmask(SIG_UNBLOCK, &only, nil)
    raise(signo)

    // Still here: a handler (the backtracer, say) returned. These signals mean the end, so the
    // default action finishes the job.
    var fallback = sigaction()
    fallback.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&fallback.sa_mask)
    sigaction(signo, &fallback, nil)
    raise(signo)
}

/// SIGQUIT (ctrl-\) is a person asking tcpscope to stop, as SIGTERM is, not a crash: the process
/// dies of it at once, with its status (131), but without the Swift runtime's crash report
/// (which would print a backtrace and then wait 30 s for a key) and without a core file. So it
/// skips the previous disposition (the runtime's backtracer) and takes the default action with
/// core dumps off. Async-signal-safe: setrlimit, sigaction, sigprocmask and raise.
private func quitAsTerminated() {
    var noCore = rlimit()
    if getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore) == 0 {
        noCore.rlim_cur = 0
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
    }
    var fallback = sigaction()
    fallback.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&fallback.sa_mask)
    sigaction(SIGQUIT, &fallback, nil)
    var only = sigset_t()
    sigemptyset(&only)
    sigaddset(&only, SIGQUIT)
    pthread_sigmask(SIG_UNBLOCK, &only, nil)
    raise(SIGQUIT)
}
