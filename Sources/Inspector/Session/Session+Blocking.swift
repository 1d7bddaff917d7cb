import Dispatch

/// Where calls that may block run.
extension Session {
    /// Runs `work`, which may block for as long as a timeout allows (a `wait`, a `connect`), or
    /// must start at once whatever else blocks (`shutdown read`, which wakes a blocked reader),
    /// on a serial queue of its own: Dispatch gives such a queue a thread when it needs one.
    /// Not on the global concurrent queue: Dispatch runs only about as many of its threads as
    /// there are cores and adds more only slowly when they block, so a few calls blocked there
    /// hold up every quick command queued behind them (150 blocked waits delayed a `get` by
    /// nearly two minutes).
    func runDetached(_ label: String, _ work: @escaping @Sendable () -> Void) {
        DispatchQueue(label: "tcpscope.\(label)").async(execute: work)
    }
}
