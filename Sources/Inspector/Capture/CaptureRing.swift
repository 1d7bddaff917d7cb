/// The bytes of one direction of a stream, in a bounded ring that keeps absolute stream
/// offsets: byte `n` of the stream is at offset `n` for as long as the ring still holds it.
///
/// Storage grows geometrically from a few KiB up to the bound, so ten thousand quiet streams
/// cost little. When the bound pushes old bytes out, `dropped` says how many: nothing leaves
/// silently.
///
/// One writer at a time (a stream's operation queue) and any number of readers. The writer can
/// receive straight into the ring (`receive(maxLength:_:)`): the region being written is
/// excluded from what readers may copy before the system call starts, so no reader sees a byte
/// while the kernel is writing it.
// @unchecked: `state`'s lock (a `Locked` pthread mutex) guards total, oldest and the storage
// pointer, and every copy out of the storage happens holding it. The one access outside it is
// the single writer's `receive` filling a region it reserved under that lock (moved out of
// what readers may copy) and publishes under it again afterwards.
public final class CaptureRing: @unchecked Sendable {
    public struct Totals: Sendable, Hashable {
        /// Bytes ever written: the offset one past the newest byte.
        public var total: UInt64
        /// Offset of the oldest byte still held; equal to the number of bytes dropped.
        public var oldest: UInt64
        public var held: Int { Int(total - oldest) }
        public var dropped: UInt64 { oldest }
    }

    private struct State {
        var total: UInt64 = 0
        var oldest: UInt64 = 0
        var storage: UnsafeMutableRawBufferPointer?
    }

    /// The most bytes the ring will hold.
    public let bound: Int
    private let state = Locked(State())
    private static let initialCapacity = 4096

    public init(bound: Int) {
        self.bound = max(1, bound)
    }

    deinit {
        state.withLock { $0.storage?.deallocate() }
    }

    public var totals: Totals {
        state.withLock { Totals(total: $0.total, oldest: $0.oldest) }
    }

    /// Appends a copy of `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        var rest = bytes
        // A write larger than the ring keeps only its tail, but counts all of it.
        if rest.count > bound {
            let skip = rest.count - bound
            state.withLock { $0.total += UInt64(skip); $0.oldest = max($0.oldest, $0.total) }
            rest = UnsafeRawBufferPointer(rebasing: rest[skip...])
        }
        while !rest.isEmpty {
            let n = receive(maxLength: rest.count) { space in
                space.copyMemory(from: UnsafeRawBufferPointer(rebasing: rest[..<space.count]))
                return space.count
            }
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Lets `fill` write up to `maxLength` bytes straight into the ring's free space (one
    /// contiguous piece, so possibly fewer than asked), and commits what it reports written.
    /// `fill` returns a count; a negative count or zero commits nothing. Returns `fill`'s result.
    @discardableResult
    public func receive(maxLength: Int, _ fill: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        let (space, oldestBefore) = state.withLock { s -> (UnsafeMutableRawBufferPointer, UInt64) in
            let storage = CaptureRing.ensureCapacity(&s, want: Int(s.total - s.oldest) + maxLength, bound: bound)
            let capacity = storage.count
            let position = Int(s.total % UInt64(capacity))
            let length = min(maxLength, capacity - position)
            let before = s.oldest
            // Readers must not copy the bytes about to be overwritten.
            let reserveEnd = s.total + UInt64(length)
            if reserveEnd > UInt64(capacity) { s.oldest = max(s.oldest, reserveEnd - UInt64(capacity)) }
            return (UnsafeMutableRawBufferPointer(rebasing: storage[position..<(position + length)]), before)
        }
        let written = fill(space)
        state.withLock { s in
            let n = max(0, min(written, space.count))
            s.total += UInt64(n)
            // Only what was written replaced old bytes; the rest of the reservation is intact.
            let capacity = UInt64(s.storage?.count ?? 0)
            s.oldest = max(oldestBefore, s.total > capacity ? s.total - capacity : 0)
        }
        return written
    }

    /// A copy of the bytes at offsets `range` that the ring still holds (clipped), with the
    /// offset where the copy starts.
    public func bytes(in range: Range<UInt64>) -> (start: UInt64, bytes: [UInt8]) {
        state.withLock { s in
            let lower = max(range.lowerBound, s.oldest)
            let upper = min(range.upperBound, s.total)
            guard lower < upper, let storage = s.storage else { return (max(lower, s.oldest), []) }
            let capacity = UInt64(storage.count)
            let count = Int(upper - lower)
            let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                var copied = 0
                while copied < count {
                    let position = Int((lower + UInt64(copied)) % capacity)
                    let n = min(count - copied, storage.count - position)
                    UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[copied..<(copied + n)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[position..<(position + n)]))
                    copied += n
                }
                initialized = count
            }
            return (lower, out)
        }
    }

    /// The newest `count` bytes (or fewer).
    public func tail(_ count: Int) -> (start: UInt64, bytes: [UInt8]) {
        let t = totals
        let start = t.total >= UInt64(count) ? t.total - UInt64(count) : 0
        return bytes(in: start..<t.total)
    }

    /// Grows storage (keeping stream offsets: byte n stays at n % capacity) up to the bound.
    private static func ensureCapacity(_ s: inout State, want: Int, bound: Int) -> UnsafeMutableRawBufferPointer {
        let current = s.storage?.count ?? 0
        if let storage = s.storage, current >= min(want, bound) { return storage }
        var capacity = max(current, initialCapacity)
        while capacity < min(want, bound) { capacity *= 2 }
        capacity = min(capacity, bound)
        if capacity <= current, let storage = s.storage { return storage }
        let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        if let old = s.storage {
            var offset = s.oldest
            while offset < s.total {
                let from = Int(offset % UInt64(old.count))
                let to = Int(offset % UInt64(capacity))
                let n = min(Int(s.total - offset), old.count - from, capacity - to)
                UnsafeMutableRawBufferPointer(rebasing: grown[to..<(to + n)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: old[from..<(from + n)]))
                offset += UInt64(n)
            }
            old.deallocate()
        }
        s.storage = grown
        return grown
    }
}
