/// An argv prefix that starts a command with a clean signal state instead of whatever the test
/// runner's thread happens to carry.
///
/// Foundation's `Process` spawns with the calling thread's signal mask, and Swift Testing runs
/// tests on threads that block most signals. Without this, a tmux server (and every pane it
/// forks) or a peer starts with SIGTERM, SIGINT, SIGHUP and SIGWINCH blocked. python3 does the
/// work (the peers need it anyway): it empties the signal mask, puts back the default SIGPIPE and
/// SIGXFSZ that Python itself ignores, and execs the command. (`CommandRunner` needs none of
/// this: `ChildProcess` spawns with a clean signal state of its own.)
public enum CleanExec {
    public static func argv(_ command: [String]) -> [String] {
        ["python3", "-c", prologue + "os.execvp(sys.argv[1], sys.argv[1:])\n"] + command
    }

    private static let prologue = """
        import os, signal, sys
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)

        """
}
