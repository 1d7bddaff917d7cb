import ArgumentParser
import Inspector

/// `--transcript`, `--save-read` and `--force`: recording a session from its start, for the
/// screen and for `run` alike.
struct RecordingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write every operation to FILE as JSON Lines.", valueName: "FILE"))
    var transcript: String?

    @Option(name: .customLong("save-read"), help: ArgumentHelp("Also write every byte read, raw, to FILE.", valueName: "FILE"))
    var saveRead: String?

    @Flag(help: "Overwrite the transcript and save-read files if they exist.")
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

    /// Says, after the run, if a file could not be written in full.
    func finish(on session: Session) {
        if let problem = session.transcriptStop().failureMessage { print("tcpscope: \(problem)") }
        if let problem = session.saveReadsError { print("tcpscope: --save-read is incomplete: \(problem)") }
    }
}

extension Outcome {
    var failureMessage: String? { ok ? nil : message }
}
