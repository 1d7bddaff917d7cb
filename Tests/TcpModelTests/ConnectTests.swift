import Glibc
import Testing
import TcpModel

@Suite("Connecting")
struct ConnectTests {
    @Test("connect and accept see each other's addresses", arguments: ["127.0.0.1", "::1"])
    func connectAndAccept(host: String) throws {
        let (client, server, listener) = try loopbackPair(host)
        #expect(try client.peerAddr() == listener.localAddr())
        #expect(try server.peerAddr() == client.localAddr())
        #expect(try client.localAddr().isIPv4 == !host.contains(":"))
        #expect(isCloseOnExec(client.fileDescriptor))
        #expect(isCloseOnExec(server.fileDescriptor))
    }

    @Test func refusedCarriesErrnoCallAndAddress() throws {
        let address = try closedPort()
        do {
            _ = try TcpStream.connect(address)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.kind == .connectionRefused)
            #expect(error.code == ECONNREFUSED)
            #expect(error.description == "ECONNREFUSED (Connection refused) in connect to \(address)")
        }
    }

    @Test func triesEveryAddressInTurn() throws {
        let dead = try closedPort()
        let listener = try TcpListener.bind("127.0.0.1:0")
        let live = try listener.localAddr()
        let stream = try TcpStream.connect([dead, try closedPort("::1"), live])
        #expect(try stream.peerAddr() == live)
    }

    @Test func lastErrorWinsWhenAllFail() throws {
        let v4 = try closedPort()
        let v6 = try closedPort("::1")
        do {
            _ = try TcpStream.connect([v4, v6])
            Issue.record("expected failure")
        } catch {
            #expect(error.kind == .connectionRefused)
            #expect(error.detail == "to \(v6)")
        }
    }

    @Test func emptyListIsInvalidInput() {
        #expect(throws: SocketError.self) { try TcpStream.connect([SocketAddress]()) }
        do { _ = try TcpStream.connect([SocketAddress]()) } catch { #expect(error.kind == .invalidInput) }
    }

    @Test func hostNameConnects() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        let port = try listener.localAddr().port
        let stream = try TcpStream.connect("localhost:\(port)")
        #expect(try stream.peerAddr().port == port)
    }

    @Test func timedConnectSucceedsAndIsBlocking() throws {
        let listener = try TcpListener.bind("[::1]:0")
        let stream = try TcpStream.connect(to: try listener.localAddr(), timeout: .seconds(2))
        #expect(try stream.isNonblocking() == false)
        #expect(try stream.peerAddr() == listener.localAddr())
    }

    @Test func timedConnectRefused() throws {
        let address = try closedPort()
        do {
            _ = try TcpStream.connect(to: address, timeout: .seconds(2))
            Issue.record("expected refusal")
        } catch {
            #expect(error.kind == .connectionRefused)
        }
    }

    @Test func zeroTimeoutIsInvalidInput() throws {
        let address = try closedPort()
        do {
            _ = try TcpStream.connect(to: address, timeout: .zero)
            Issue.record("expected invalid input")
        } catch {
            #expect(error.kind == .invalidInput)
        }
    }

    @Test func timesOutAgainstAFullAcceptQueue() throws {
        let full = try FullAcceptQueue()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try TcpStream.connect(to: full.address, timeout: .milliseconds(300))
            Issue.record("expected a time-out")
        } catch {
            #expect(error.kind == .timedOut)
            #expect(error.description.contains("connect to \(full.address)"))
        }
        #expect(clock.now - start >= .milliseconds(300))
        #expect(clock.now - start < .seconds(3))
    }
}

/// A listening socket with backlog 0 whose queue is filled by nonblocking connects that are
/// never accepted: the kernel drops further SYNs, so a connect to it cannot complete.
final class FullAcceptQueue {
    let fd: Int32
    let address: SocketAddress
    private var fillers: [Int32] = []

    init() throws {
        let listenFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listenFD, $0, len) } }
        listen(listenFD, 0)
        _ = withUnsafeMutablePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenFD, $0, &len) } }
        fd = listenFD
        address = .v4(.loopback, port: UInt16(bigEndian: sin.sin_port))
        for _ in 0..<4 {
            let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            fillers.append(c)
        }
        // Wait (bounded) until a handshake completes: then the queue is really full.
        var pfds = fillers.map { pollfd(fd: $0, events: Int16(POLLOUT), revents: 0) }
        _ = poll(&pfds, nfds_t(pfds.count), 2000)
    }

    deinit {
        fillers.forEach { close($0) }
        close(fd)
    }
}
