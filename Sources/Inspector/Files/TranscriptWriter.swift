
/// Writes a session's events as JSON Lines, one object per operation, as they happen:
/// `t` (seconds since start), `seq`, `stream`, `op`, `args`, `ok`, `error`, `errno`, `bytes`
/// (hex), `value` and `elapsed`. Bytes a stream receives in follow mode are written as
/// `follow-read` objects with their stream `offset`, so the transcript holds every byte.
final class TranscriptWriter: Sendable {
    private let file: OutputFile

    /// `onFailure` hears of the first write that fails (see `OutputFile`).
    init(path: String, overwrite: Bool, onFailure: @escaping @Sendable (FileError) -> Void = { _ in }) throws(FileError) {
        file = try OutputFile(path: path, overwrite: overwrite, onFailure: onFailure)
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
        line.field("value", event.value)
        line.field("elapsed", seconds: event.elapsed)
        file.write(line.line)
    }

    func writeFollow(_ id: StreamID, offset: UInt64, bytes: UnsafeRawBufferPointer, time: Duration) {
        var line = JSONLine()
        line.field("t", seconds: time)
        line.field("stream", id.description)
        line.field("op", "follow-read")
        line.field("offset", offset)
        line.field("ok", true)
        line.field("bytes", HexText.encode(Array(bytes)))
        file.write(line.line)
    }

    /// The first write error, if any: the transcript stops being complete there.
    var error: FileError? { file.error }
}
