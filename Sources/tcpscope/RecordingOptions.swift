import ArgumentParser
import Inspector

/// `--transcript`, `--save-read` and `--force`: recording a session from its start, for the
/// screen and for `run` alike.
struct RecordingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write every operation to FILE as JSON Lines.", valueName: "FILE"))
    var transcript: String?

    @Option(name: .customLong("save-read"), help: ArgumentHelp("Also write every byte read, raw, to FILE.", valueName: "FILE"))
    var saveRead: String?

    @Flag(help: "Overwrite the transcript and save-read files if they exist (regular files only: a symlink, device or FIFO is refused).")
    var force = false

    /// Opens the files before anything runs, so a refusal (the file exists) is a plain message.
    func start(on session: Session) throws {
        if let transcript {
            let outcome = session.transcriptStart(transcript, overwrite: force)
            guard outcome.ok else { throw ValidationError(outcome.message) }
        }
        if let saveRead {
            let outcome = session.saveReads(to: saveRead, overwrite: force)
            guard outcome.ok else { throw ValidationError(outcome.message) }
        }
    }

    /// Closes the transcript and says on standard error every write the session lost (a
    /// transcript, a `--save-read` copy or a saved script, on a full disk). Returns whether
    /// any was lost: the exit status must say so too.
    func finish(on session: Session) -> Bool {
        session.transcriptStop()
        let lost = session.lostWrites
        for item in lost { StandardError.write("tcpscope: \(item.message)\n") }
        return !lost.isEmpty
    }
}
