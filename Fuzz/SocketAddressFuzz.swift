// libFuzzer harness: numeric socket addresses (`SocketAddress(text)`, `IPv4Address`,
// `IPv6Address`), the `host:port` splitter behind `String.socketAddresses()`, and the
// conversions to and from the kernel's sockaddr structures.
//
// Built by scripts/fuzz together with Sources/TcpModel/**/*.swift (and the CSocket shim) into
// one module, so the internal `Resolver.splitHostPort` and `withSockaddr` are visible.
//
// No name resolution: `Resolver.resolve` (getaddrinfo, which may send DNS queries) is never
// called. `String.socketAddresses()` is only called on text that `SocketAddress(text)` already
// accepted, where it returns before resolving anything. Nothing here opens a socket.

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkText(String(decoding: bytes, as: UTF8.self))
    checkStructured(bytes)
    return 0
}

/// The input as address text.
private func checkText(_ text: String) {
    _ = IPv4Address(text)
    _ = IPv6Address(text)
    let split = try? Resolver.splitHostPort(text)
    guard let address = SocketAddress(text) else { return }

    checkRoundTrips(address, from: text)
    // What parsed as a whole also splits, with the same port, and the numeric path of
    // `socketAddresses()` gives back this one address without resolving.
    guard let split else { fuzzFail("\(text.debugDescription) parses but does not split") }
    fuzzRequire(split.port == address.port, "split port \(split.port) differs from \(address) for \(text.debugDescription)")
    fuzzRequire(!split.host.isEmpty && !split.host.utf8.contains(0), "bad split host \(split.host.debugDescription)")
    do {
        let addresses = try text.socketAddresses()
        fuzzRequire(addresses == [address], "socketAddresses() gave \(addresses) for \(text.debugDescription)")
    } catch {
        fuzzFail("numeric \(text.debugDescription) failed in socketAddresses(): \(error)")
    }
}

/// The input as an address built from its parts, so every address (not only those whose text
/// the fuzzer happens to write) goes through description and back: the first byte picks the
/// family, then come the address bytes, the port and (IPv6) the scope id.
private func checkStructured(_ bytes: [UInt8]) {
    var reader = ByteReader(bytes)
    guard let kind = reader.take(1).first else { return }
    let port = UInt16(truncatingIfNeeded: reader.number(2))
    let address: SocketAddress
    if kind & 1 == 0 {
        address = .v4(IPv4Address(value: UInt32(truncatingIfNeeded: reader.number(4))), port: port)
    } else {
        let ip = IPv6Address(high: reader.number(8), low: reader.number(8))
        // Mostly small scope ids (interface indexes), sometimes any 32-bit value.
        let scope = kind & 2 == 0 ? UInt32(truncatingIfNeeded: reader.number(1)) : UInt32(truncatingIfNeeded: reader.number(4))
        address = .v6(ip, port: port, scopeId: scope)
        fuzzRequire(IPv6Address(bytes: ip.bytes) == ip, "IPv6 bytes do not round-trip for \(ip)")
        fuzzRequire(IPv6Address(ip.description) == ip, "IPv6 text \(ip.description) does not round-trip")
    }
    checkRoundTrips(address, from: "parts \(bytes)")
}

private func checkRoundTrips(_ address: SocketAddress, from source: String) {
    let text = address.description
    fuzzRequire(SocketAddress(text) == address, "\(address) -> \(text.debugDescription) -> \(String(describing: SocketAddress(text))) (from \(source))")
    fuzzRequire(text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "address text \(text.debugDescription) is not plain ASCII")
    // Through a sockaddr and back, as connect/bind and getsockname see it.
    var storage = sockaddr_storage()
    do {
        try address.withSockaddr { (pointer: UnsafePointer<sockaddr>, length: socklen_t) throws(SocketError) in
            fuzzRequire(Int(length) <= MemoryLayout<sockaddr_storage>.size, "sockaddr length \(length)")
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: Int(length)))
            }
        }
    } catch {
        fuzzFail("withSockaddr threw \(error) for \(address)")
    }
    fuzzRequire(SocketAddress(storage: storage) == address, "sockaddr round trip changed \(address)")
}

/// Reads the fuzzer's bytes front to back; past the end it reads zeros.
private struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ count: Int) -> ArraySlice<UInt8> {
        let end = min(bytes.count, offset + count)
        defer { offset = end }
        return bytes[offset..<end]
    }

    /// `count` bytes (at most 8) as a big-endian number.
    mutating func number(_ count: Int) -> UInt64 {
        take(count).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
