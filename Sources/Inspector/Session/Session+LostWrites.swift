import Dispatch

/// Writes lost to a full disk (or any write error): said at once, kept in view, and counted
/// against the run's exit status.
extension Session {
    /// Every write to a file that failed, oldest first (one per file: a file stops at its
    /// first failed write).
    public var lostWrites: [LostWrite] { lostWriteList.all }

    /// Records that `file` (`transcript`, `save-read`, `save`) lost a write: kept for the
    /// snapshot and the end of the run at once, and logged as a failed event. May be called
    /// from inside the event log's lock (a transcript's write), so the event is logged from
    /// another thread.
    @discardableResult
    func lostWrite(_ file: String, _ error: FileError, consequence: String) -> LostWrite {
        let story = "\(error); \(consequence)"
        let lost = LostWrite(file: file, path: error.path, errnoName: error.errnoName, message: "\(file): \(story)")
        lostWriteList.append(lost)
        wake.signal()
        // The error names the file already: a Log row shows the errno first, not a long path.
        DispatchQueue.global().async { [weak self] in
            self?.record(Event(entry: nil, op: file, ok: false, error: story, errnoName: lost.errnoName))
        }
        return lost
    }
}
