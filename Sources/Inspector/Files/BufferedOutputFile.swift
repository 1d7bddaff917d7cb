/// An `OutputFile` written through a buffer: lines are gathered in memory and reach the file in
/// writes of about `threshold` bytes, and whenever `flush()` is called. A transcript of a fast
/// stream is thousands of lines a second; one write(2) each would cost more than the stream.
///
/// Only whole lines reach the file between flushes (a write is issued after a line is
/// complete), so a process killed mid-stream leaves whole lines. A failed write is the file's
/// failure exactly as for `OutputFile` (kept, told once through its `onFailure`); nothing is
/// buffered after it. After `finish()` every line goes straight to the file.
// @unchecked: `buffer` (allocated once, owned by this object) is read and written only while
// `lock` is held: inside `writeLine`, `flush`, `finish` and deinit.
final class BufferedOutputFile: @unchecked Sendable {
    /// Memory the lines are gathered in.
    fileprivate struct Buffer {
        var storage: UnsafeMutableRawBufferPointer
        var count = 0
        /// After `finish()`: every line is written at once.
        var direct = false
        /// After a failed write: nothing more is kept.
        var failed = false

        /// Room for `more` bytes after `count`, growing the storage if a line needs it.
        mutating func reserve(_ more: Int) -> UnsafeMutableRawPointer {
            if count + more > storage.count {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(2 * storage.count, count + more), alignment: 16)
                if count > 0, let from = storage.baseAddress { bigger.baseAddress?.copyMemory(from: from, byteCount: count) }
                storage.deallocate()
                storage = bigger
            }
            // Never nil: the storage is allocated with at least one byte.
            return storage.baseAddress.unsafelyUnwrapped + count
        }
    }

    /// Appends to the line being built, inside the buffer's lock.
    struct LineWriter: ~Copyable {
        fileprivate var buffer: UnsafeMutablePointer<Buffer>

        mutating func append(_ text: String) {
            var copy = text
            copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
        }

        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
            buffer.pointee.reserve(bytes.count).copyMemory(from: from, byteCount: bytes.count)
            buffer.pointee.count += bytes.count
        }

        /// Appends `bytes` as lower-case hex digits, two a byte.
        mutating func appendHex(_ bytes: UnsafeRawBufferPointer) {
            HexDigits.encode(bytes, into: buffer.pointee.reserve(2 * bytes.count))
            buffer.pointee.count += 2 * bytes.count
        }
    }

    private let file: OutputFile
    private let threshold: Int
    private let lock = Locked(())
    private let buffer: UnsafeMutablePointer<Buffer>

    /// `onFailure` as for `OutputFile`; it may be called with this buffer's lock held.
    init(path: String, overwrite: Bool, threshold: Int = 1 << 20,
         onFailure: @escaping @Sendable (FileError) -> Void = { _ in }) throws(FileError) {
        file = try OutputFile(path: path, overwrite: overwrite, onFailure: onFailure)
        self.threshold = max(1, threshold)
        buffer = .allocate(capacity: 1)
        buffer.initialize(to: Buffer(storage: .allocate(byteCount: self.threshold + 64 * 1024, alignment: 16)))
    }

    deinit {
        flush()
        buffer.pointee.storage.deallocate()
        buffer.deinitialize(count: 1)
        buffer.deallocate()
    }

    var path: String { file.path }

    /// Adds one whole line, which `build` writes; it reaches the file once the buffer holds
    /// `threshold` bytes, at the next `flush()`, or at once after `finish()`.
    func writeLine(_ build: (inout LineWriter) -> Void) {
        lock.withLock { _ in
            guard !buffer.pointee.failed else { return }
            var writer = LineWriter(buffer: buffer)
            build(&writer)
            if buffer.pointee.direct || buffer.pointee.count >= threshold { write() }
        }
    }

    /// Writes everything buffered to the file now.
    func flush() {
        lock.withLock { _ in write() }
    }

    /// Flushes, and writes every later line straight to the file: for a writer that may still
    /// be used after the file was closed for its owner (a follow pass that took it earlier).
    func finish() {
        lock.withLock { _ in
            write()
            buffer.pointee.direct = true
        }
    }

    /// The first write error, if any: the file is complete only up to there.
    var error: FileError? { file.error }

    /// Writes out what is buffered; the lock must be held.
    private func write() {
        guard buffer.pointee.count > 0 else { return }
        file.write(UnsafeRawBufferPointer(rebasing: buffer.pointee.storage[..<buffer.pointee.count]))
        buffer.pointee.count = 0
        if file.error != nil { buffer.pointee.failed = true }
    }
}
