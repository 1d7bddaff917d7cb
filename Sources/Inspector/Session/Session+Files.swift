import Glibc
import SystemPackage

/// `save` and `transcript`: turning an exploration into something repeatable. File names
/// reach messages escaped (`MessageText.fileName`): a name may hold any byte but NUL and `/`.
extension Session {
    /// Writes what this session did as a script `tcpscope run` replays. Commands that failed
    /// are written with `try ` so the replay goes on past them, as the session did.
    /// `overwrite` replaces an existing regular file (never anything else; see `PrivateFile`).
    public func save(to path: String, overwrite: Bool = false) -> Outcome {
        let lines = state.withLock { $0.script }
        var text = "# tcpscope script saved from an interactive session\n"
        // A comment: a name with a newline written raw would add a line to the script.
        text += "# replay: tcpscope run \(MessageText.fileName(path))\n"
        text += lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        let fd: FileDescriptor
        do {
            fd = try PrivateFile.create(path, overwrite: overwrite)
        } catch {
            return .failure("save: \(error)")
        }
        defer { try? fd.close() }
        do {
            try PrivateFile.write(fd, text, path: path)
        } catch {
            // A script cut short can replay as something else (`read 1000` cut to `read 10`):
            // better none than that.
            let emptied = ftruncate(fd.rawValue, 0) == 0
            let lost = lostWrite("save", error, consequence: emptied
                ? "the file was left empty, as a script cut short could replay differently"
                : "the file is cut short and must not be replayed")
            return .failure(lost.message)
        }
        let event = record(Event(entry: nil, op: "save", args: Command.word(path), value: HumanText.count(lines.count, "line")))
        return .success("saved \(lines.count) commands to \(MessageText.fileName(path))", event)
    }

    /// Starts writing every event to `path` as JSON Lines (mode 0600).
    public func transcriptStart(_ path: String, overwrite: Bool = false) -> Outcome {
        let writer: TranscriptWriter
        do {
            writer = try TranscriptWriter(path: path, overwrite: overwrite) { [weak self] error in
                self?.lostWrite("transcript", error, consequence: "the transcript holds nothing after this point")
            }
        } catch {
            return .failure("transcript: \(error)")
        }
        _ = transcriptStop()
        let observation = log.observe { writer.write($0) }
        mutate { s in
            s.transcript = writer
            s.transcriptObservation = observation
            s.snapshot.transcriptPath = path
        }
        let event = record(Event(entry: nil, op: "transcript", args: Command.word(path), value: "started"))
        return .success("writing a transcript to \(MessageText.fileName(path))", event)
    }

    /// Stops the transcript, if one is being written.
    @discardableResult
    public func transcriptStop() -> Outcome {
        let (writer, observation) = mutate { s -> (TranscriptWriter?, EventLogObservation?) in
            let w = (s.transcript, s.transcriptObservation)
            s.transcript = nil
            s.transcriptObservation = nil
            s.snapshot.transcriptPath = nil
            return w
        }
        // Only the transcript's own observer: a script runner printing the log goes on.
        observation?.cancel()
        guard let writer else { return .success("no transcript is being written") }
        // What is still buffered is written (or its loss reported) before the answer.
        writer.finish()
        let name = MessageText.fileName(writer.path)
        if let error = writer.error { return .failure("transcript \(name) is incomplete: \(error)") }
        return .success("transcript \(name) closed")
    }
}

extension Session {
    /// Copies every byte read from now on, from any stream, raw to `path` (mode 0600).
    public func saveReads(to path: String, overwrite: Bool = false) -> Outcome {
        do {
            let sink = try OutputFile(path: path, overwrite: overwrite) { [weak self] error in
                self?.lostWrite("save-read", error, consequence: "the file holds only the bytes read before this point")
            }
            mutate { $0.rawSink = sink }
            return .success("saving every byte read to \(MessageText.fileName(path))")
        } catch {
            return .failure("save-read: \(error)")
        }
    }
}
