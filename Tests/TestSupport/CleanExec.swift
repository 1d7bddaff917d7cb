/// An argv prefix that starts a command with a clean signal state instead of whatever the test
/// runner's thread happens to carry.
///
/// Foundation's `Process` spawns with the calling thread's signal mask, and Swift Testing runs
/// tests on threads that block most signals. Without this, a tmux server (and every pane it
/// forks) or a peer starts with SIGTERM, SIGINT, SIGHUP and SIGWINCH blocked. python3 does the
/// work (the peers need it anyway): it empties the signal mask, puts back the default SIGPIPE and
/// SIGXFSZ that Python itself ignores, and execs the command.
public enum CleanExec {
    /// - Parameter closingDescriptors: also close every descriptor above stderr, for a command
    ///   that forks a daemon. Foundation learns that a child exited when the last copy of a
    ///   socket it gives the child closes; a daemon inheriting that copy would make its launcher
    ///   look alive for as long as the daemon lives. (Closing it makes Foundation wait for the
    ///   launcher with a blocking waitpid, which is fine for a command that exits at once.)
    public static func argv(_ command: [String], closingDescriptors: Bool = false) -> [String] {
        let close = closingDescriptors ? "os.closerange(3, 1 << 16)\n" : ""
        return ["python3", "-c", prologue + close + "os.execvp(sys.argv[1], sys.argv[1:])\n"] + command
    }

    private static let prologue = """
        import os, signal, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)

        """
}
