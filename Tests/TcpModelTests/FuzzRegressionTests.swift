import Testing
import TcpModel

/// Inputs the fuzzers in Fuzz/ found (the files are in Fuzz/regressions/socket-address/), kept
/// here so the plain test suite guards the fix too.
@Suite("Fuzz regressions: socket addresses")
struct FuzzRegressionTests {
    /// inet_pton reads a C string and stops at the first NUL, so text with a NUL inside parsed as
    /// the address before it and the rest was silently ignored.
    @Test("text with a NUL byte is not an address", arguments: [
        "127.0.0.1\0evil:80",
        "[::\0\0\0\0\0\0\0\u{12}.3.4]:1",
        "[::1\0]:80",
        "1.2.3.4\0:80",
    ])
    func nulInsideAddressText(text: String) {
        #expect(SocketAddress(text) == nil)
    }

    @Test func nulInsideBareAddresses() {
        #expect(IPv4Address("1.2.3.4\0") == nil)
        #expect(IPv4Address("1.2.3.4\0junk") == nil)
        #expect(IPv6Address("::1\0") == nil)
        #expect(IPv6Address("fe80::1\0zone") == nil)
        // The same text without the NUL still parses.
        #expect(IPv4Address("1.2.3.4") == IPv4Address(1, 2, 3, 4))
        #expect(IPv6Address("::1") == .loopback)
    }
}
