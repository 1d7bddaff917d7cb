import Glibc

/// Reading and writing bytes.
extension TcpStream {
    /// Reads what the kernel has queued without consuming it (recv with MSG_PEEK).
    /// The next peek or read returns the same bytes.
    public func peek(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try syscall("recv(MSG_PEEK)") { Glibc.recv(owned.fd, buffer.baseAddress, buffer.count, Int32(MSG_PEEK)) }
    }

    /// Peeks at most `maxLength` bytes.
    public func peek(maxLength: Int) throws(SocketError) -> [UInt8] {
        try readIntoArray(maxLength: maxLength, call: "peek") { buffer throws(SocketError) in try peek(into: buffer) }
    }

    /// Reads and consumes up to `buffer.count` bytes (recv). 0 means end of stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try syscall("recv") { Glibc.recv(owned.fd, buffer.baseAddress, buffer.count, 0) }
    }

    /// Reads at most `maxLength` bytes; an empty array means end of stream.
    public func read(maxLength: Int) throws(SocketError) -> [UInt8] {
        try readIntoArray(maxLength: maxLength, call: "read") { buffer throws(SocketError) in try read(into: buffer) }
    }

    /// Reads exactly `count` bytes, or throws `.unexpectedEof` if the stream ends first.
    public func readExact(count: Int) throws(SocketError) -> [UInt8] {
        guard count >= 0 else { throw SocketError(.invalidInput, "negative count \(count)", call: "readExact") }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        try bytes.withMutableBytes { raw throws(SocketError) in
            while filled < count {
                let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                if n == 0 {
                    throw SocketError(.unexpectedEof, "failed to fill whole buffer (\(filled) of \(count) bytes)", call: "readExact")
                }
                filled += n
            }
        }
        return bytes
    }

    /// Reads until end of stream.
    public func readToEnd() throws(SocketError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = 8192
        while true {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let n = try bytes.withMutableBytes { raw throws(SocketError) in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
            }
            bytes.removeLast(chunk - n)
            if n == 0 { return bytes }
            if n == chunk { chunk = min(chunk * 2, 1 << 20) }
        }
    }

    /// Reads until end of stream and decodes UTF-8; `.invalidInput` if it is not valid UTF-8.
    public func readToString() throws(SocketError) -> String {
        let bytes = try readToEnd()
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SocketError(.invalidInput, "stream did not contain valid UTF-8", call: "readToString")
        }
        return text
    }

    /// Scatter read (readv) into several buffers in order. At most IOV_MAX buffers are used.
    public func readVectored(into buffers: [UnsafeMutableRawBufferPointer]) throws(SocketError) -> Int {
        let iov = buffers.prefix(maxIOVectors).map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        let result = iov.withUnsafeBufferPointer { p in
            Result { () throws(SocketError) in try syscall("readv") { Glibc.readv(owned.fd, p.baseAddress, Int32(p.count)) } }
        }
        return try result.get()
    }

    /// Gather write (sendmsg with MSG_NOSIGNAL) from several buffers in order; may be partial.
    public func writeVectored(_ buffers: [UnsafeRawBufferPointer]) throws(SocketError) -> Int {
        var iov = buffers.prefix(maxIOVectors).map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
        let result = iov.withUnsafeMutableBufferPointer { p in
            var msg = msghdr()
            msg.msg_iov = p.baseAddress
            msg.msg_iovlen = p.count
            return Result { () throws(SocketError) in try syscall("sendmsg") { Glibc.sendmsg(owned.fd, &msg, Int32(MSG_NOSIGNAL)) } }
        }
        return try result.get()
    }

    /// Writes from a raw buffer (send with MSG_NOSIGNAL); may be partial.
    public func write(from buffer: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        try syscall("send") { Glibc.send(owned.fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Writes some of `bytes` and returns how many the kernel took; never raises SIGPIPE.
    public func write(_ bytes: some Collection<UInt8>) throws(SocketError) -> Int {
        let direct = bytes.withContiguousStorageIfAvailable { p in
            Result { () throws(SocketError) in try write(from: UnsafeRawBufferPointer(p)) }
        }
        if let direct { return try direct.get() }
        let copy = Array(bytes)
        return try copy.withBytes { raw throws(SocketError) in try write(from: raw) }
    }

    /// Writes every byte, looping over partial writes. A write that takes nothing is `.writeZero`.
    public func writeAll(_ bytes: some Collection<UInt8>) throws(SocketError) {
        let copy = Array(bytes)
        try copy.withBytes { raw throws(SocketError) in
            var done = 0
            while done < raw.count {
                let n = try write(from: UnsafeRawBufferPointer(rebasing: raw[done...]))
                if n == 0 {
                    throw SocketError(.writeZero, "failed to write whole buffer (\(done) of \(raw.count) bytes)", call: "writeAll")
                }
                done += n
            }
        }
    }

    /// Nothing to do: TCP has no user-space buffer here, as in Rust.
    public func flush() throws(SocketError) {}

    private func readIntoArray(
        maxLength: Int, call: String,
        _ body: (UnsafeMutableRawBufferPointer) throws(SocketError) -> Int
    ) throws(SocketError) -> [UInt8] {
        guard maxLength >= 0 else {
            throw SocketError(.invalidInput, "negative length \(maxLength)", call: call)
        }
        var failure: SocketError?
        let bytes = [UInt8](unsafeUninitializedCapacity: maxLength) { buffer, count in
            switch Result(catching: { () throws(SocketError) in try body(UnsafeMutableRawBufferPointer(buffer)) }) {
            case .success(let n): count = n
            case .failure(let error): failure = error; count = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }
}
