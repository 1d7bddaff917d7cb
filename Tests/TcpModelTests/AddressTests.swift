import Testing
import TcpModel
import TestSupport

@Suite("Socket addresses")
struct AddressTests {
    @Test("numeric text round-trips", arguments: [
        "127.0.0.1:8080", "0.0.0.0:0", "255.255.255.255:65535", "[::1]:8080", "[::]:0",
        "[fe80::1%2]:80", "[2001:db8::ff00:42:8329]:443", "[::ffff:1.2.3.4]:1",
    ])
    func roundTrip(text: String) throws {
        let address = try #require(SocketAddress(text))
        #expect(address.description == text)
        #expect(SocketAddress(address.description) == address)
    }

    @Test("malformed numeric text is refused", arguments: [
        "", "127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80",
        "127.0.0.1:8o", "1.2.3:80", "1.2.3.4.5:80", "256.0.0.1:80", "::1:80", "[::1]", "[::1]:",
        "[::1:80", "::1]:80", "[127.0.0.1]:80", "localhost:80", "[fe80::1%eth0]:80", "1.2.3.4:99999999999999999999999",
    ])
    func malformed(text: String) {
        #expect(SocketAddress(text) == nil)
    }

    @Test func parts() throws {
        let v4 = try #require(SocketAddress("10.1.2.3:9"))
        #expect(v4.port == 9)
        #expect(v4.isIPv4)
        #expect(v4 == .v4(IPv4Address(10, 1, 2, 3), port: 9))
        let v6 = try #require(SocketAddress("[::1]:7"))
        #expect(v6 == .v6(.loopback, port: 7))
        #expect(v6.withPort(8).description == "[::1]:8")
        #expect(IPv6Address("::ffff:1.2.3.4")?.ipv4Mapped == IPv4Address(1, 2, 3, 4))
        #expect(IPv4Address("127.9.9.9")?.isLoopback == true)
        #expect(IPv6Address(bytes: Array(repeating: 0, count: 15) + [1]) == .loopback)
        #expect(IPv6Address(bytes: [1, 2]) == nil)
    }

    @Test func stringsResolveNumericWithoutDNS() throws {
        #expect(try "127.0.0.1:80".socketAddresses() == [.v4(.loopback, port: 80)])
        #expect(try "[::1]:80".socketAddresses() == [.v6(.loopback, port: 80)])
    }

    @Test func localhostResolvesThroughTheResolver() throws {
        let addresses = try "localhost:8080".socketAddresses()
        #expect(addresses.contains(.v4(.loopback, port: 8080)))
        #expect(Set(addresses).count == addresses.count, "duplicates removed")
    }

    @Test("host:port mistakes are invalid input naming the text", arguments: [
        ("localhost", "has no port"), (":80", "empty host"), ("localhost:", "has no port"),
        ("localhost:99999", "invalid port '99999'"), ("localhost:http", "invalid port 'http'"),
        ("[]:80", "empty host"),
    ])
    func hostPortMistakes(text: String, why: String) {
        do {
            _ = try text.socketAddresses()
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(error.description.contains("'\(text)'"))
            #expect(error.description.contains(why), "\(error.description)")
        }
    }

    @Test func unknownNameCarriesTheResolversMessage() {
        do {
            _ = try "no-such-host.invalid:80".socketAddresses()
            Issue.record("expected a resolver error")
        } catch {
            #expect(error.kind != .invalidInput)
            #expect(error.description.contains("getaddrinfo"))
            #expect(error.description.contains("EAI_"), "\(error.description)")
            #expect(error.description.contains("no-such-host.invalid"))
        }
    }
}
