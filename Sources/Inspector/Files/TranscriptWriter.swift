
/// Writes a session's events as JSON Lines, one object per operation, as they happen:
/// `t` (seconds since start), `seq`, `stream`, `op`, `args`, `ok`, `error`, `errno`, `bytes`
/// (hex), `layer` (`tls-plaintext` when the bytes are a TLS stream's plaintext), `value`, `tls`
/// (a finished handshake's facts, see `TlsFactsJSON`) and `elapsed`. Bytes a stream receives in follow mode are written as
/// `follow-read` objects with their stream `offset`, so the transcript holds every byte.
///
/// Lines go through a buffer: an event reaches the file at once (with any `follow-read` lines
/// before it), `follow-read` lines in large writes and at each `flush()` (the follow pass calls
/// it when the stream goes quiet) and at `finish()`. Their hex is written straight into the
/// buffer, so following with a transcript costs a table lookup a byte, not a String.
final class TranscriptWriter: Sendable {
    private let file: BufferedOutputFile

    /// `onFailure` hears of the first write that fails (see `OutputFile`).
    init(path: String, overwrite: Bool, onFailure: @escaping @Sendable (FileError) -> Void = { _ in }) throws(FileError) {
        file = try BufferedOutputFile(path: path, overwrite: overwrite, onFailure: onFailure)
    }

    var path: String { file.path }

    func write(_ event: Event) {
        var line = JSONLine()
        line.field("t", seconds: event.time)
        line.field("seq", event.sequence)
        line.field("stream", event.entry?.description)
        line.field("op", event.op)
        line.field("args", event.args)
        line.field("ok", event.ok)
        line.field("error", event.error)
        line.field("errno", event.errnoName)
        line.field("bytes", event.bytes.map { HexText.encode($0) })
        if event.plaintext { line.field("layer", "tls-plaintext") }
        line.field("value", event.value)
        if let tls = event.tls { line.raw("tls", TlsFactsJSON.object(tls)) }
        line.field("elapsed", seconds: event.elapsed)
        let text = line.line
        file.writeLine { $0.append(text) }
        // Events are few and someone may be watching the file: they go out as they happen.
        file.flush()
    }

    func writeFollow(_ id: StreamID, offset: UInt64, bytes: UnsafeRawBufferPointer, time: Duration, plaintext: Bool = false) {
        var line = JSONLine()
        line.field("t", seconds: time)
        line.field("stream", id.description)
        line.field("op", "follow-read")
        line.field("offset", offset)
        line.field("ok", true)
        if plaintext { line.field("layer", "tls-plaintext") }
        writeLine(line, hex: bytes)
    }

    /// A byte range a joined pair moved: `forward` (read on `stream` at `offset`, sent on `to`
    /// at `to_offset`), `drop` (read on `stream`, sent nowhere) or `inject` (a `send` on `to`
    /// between forwarded bytes).
    func writeRelay(_ op: String, stream: StreamID?, to: StreamID?, offset: UInt64?, toOffset: UInt64?,
                    bytes: UnsafeRawBufferPointer, time: Duration) {
        var line = JSONLine()
        line.field("t", seconds: time)
        line.field("stream", stream?.description)
        line.field("to", to?.description)
        line.field("op", op)
        if let offset { line.field("offset", offset) }
        if let toOffset { line.field("to_offset", toOffset) }
        line.field("count", UInt64(bytes.count))
        writeLine(line, hex: bytes)
    }

    /// Writes `line` with a last field, `bytes`, holding `bytes` in hex: the hex goes straight
    /// from a table into the file's buffer, never through a String (follow mode writes every
    /// byte it reads this way).
    private func writeLine(_ line: JSONLine, hex bytes: UnsafeRawBufferPointer) {
        var line = line
        line.openString("bytes")
        let start = line.text
        file.writeLine { out in
            out.append(start)
            out.appendHex(bytes)
            out.append("\"}\n")
        }
    }

    /// Writes the lines kept so far to the file.
    func flush() {
        file.flush()
    }

    /// Writes the lines kept so far, and any later line at once: the transcript is closed for
    /// the session, though a follow pass may still hold it.
    func finish() {
        file.finish()
    }

    /// The first write error, if any: the transcript stops being complete there.
    var error: FileError? { file.error }
}
