import Glibc
import Testing
import TcpModel
import TestSupport

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
            #expect(error.errnoName == "ETIMEDOUT", "named as the kernel names its own give-up: \(error)")
            #expect(error.description.contains("connect to \(full.address)"))
        }
        #expect(clock.now - start >= .milliseconds(300))
        #expect(clock.now - start < .seconds(3))
    }
}
