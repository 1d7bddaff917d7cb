import Glibc
import TcpModel

/// Goal 3's subject: the socket layer alone, as a program using it would consume a stream. A
/// `TcpStream.read(into:)` loop over one 256 KiB buffer, the same shape as Benchmarks/C/sink.c.
enum TcpModelSink {
    static let bufferSize = 256 * 1024

    /// Connects to `address`, reads to end of stream, prints "bytes N seconds S".
    static func run(address text: String, limitSeconds: UInt32) throws -> Int32 {
        guard let address = SocketAddress(text) else { throw BenchError("not an address: \(text)") }
        alarm(limitSeconds)  // like the C programs: a hung run ends itself
        let stream = try TcpStream.connect(address)
        // A peer that stalls this long is broken; the read then throws instead of hanging.
        try stream.setReadTimeout(.seconds(30))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        let start = MonotonicTime.now()
        var total: UInt64 = 0
        // Ends at end of stream; the alarm and the read timeout bound it in time.
        while true {
            let n = try stream.read(into: buffer)
            if n == 0 { break }
            total += UInt64(n)
        }
        let seconds = MonotonicTime.now() - start
        print("bytes \(total) seconds \(Format.fixed(seconds, 6))")
        return 0
    }
}
