import SystemPackage

/// `save` and `transcript`: turning an exploration into something repeatable.
extension Session {
    /// Writes what this session did as a script `tcpscope run` replays. Commands that failed
    /// are written with `try ` so the replay goes on past them, as the session did.
    public func save(to path: String, overwrite: Bool = false) -> Outcome {
        let lines = state.withLock { $0.script }
        var text = "# tcpscope script saved from an interactive session\n"
        text += "# replay: tcpscope run \(path)\n"
        text += lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        do {
            let fd = try PrivateFile.create(path, overwrite: overwrite)
            defer { try? fd.close() }
            try PrivateFile.write(fd, text, path: path)
        } catch {
            return .failure("save: \(error)")
        }
        let event = record(Event(entry: nil, op: "save", args: path, value: "\(lines.count) lines"))
        return .success("saved \(lines.count) commands to \(path)", event)
    }

    /// Starts writing every event to `path` as JSON Lines (mode 0600).
    public func transcriptStart(_ path: String, overwrite: Bool = false) -> Outcome {
        let writer: TranscriptWriter
        do {
            writer = try TranscriptWriter(path: path, overwrite: overwrite)
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
        let event = record(Event(entry: nil, op: "transcript", args: path, value: "started"))
        return .success("writing a transcript to \(path)", event)
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
        if let error = writer.error { return .failure("transcript \(writer.path) is incomplete: \(error)") }
        return .success("transcript \(writer.path) closed")
    }
}

extension Session {
    /// Copies every byte read from now on, from any stream, raw to `path` (mode 0600).
    public func saveReads(to path: String, overwrite: Bool = false) -> Outcome {
        do {
            let sink = try OutputFile(path: path, overwrite: overwrite)
            mutate { $0.rawSink = sink }
            return .success("saving every byte read to \(path)")
        } catch {
            return .failure("save-read: \(error)")
        }
    }

    /// The first error writing the raw copy, if any.
    public var saveReadsError: String? {
        state.withLock { $0.rawSink?.error?.description }
    }
}
