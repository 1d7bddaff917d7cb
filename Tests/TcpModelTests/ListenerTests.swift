import Glibc
import Testing
import TcpModel
import TestSupport

@Suite("Listeners")
struct ListenerTests {
    @Test("port 0 picks a port", arguments: ["127.0.0.1:0", "[::1]:0"])
    func portZero(address: String) throws {
        let listener = try TcpListener.bind(address)
        #expect(try listener.localAddr().port != 0)
        #expect(isCloseOnExec(listener.fileDescriptor))
    }

    @Test func secondBindOfALiveAddressIsAddrInUse() throws {
        let first = try TcpListener.bind("127.0.0.1:0")
        do {
            _ = try TcpListener.bind(try first.localAddr())
            Issue.record("bound twice")
        } catch {
            #expect(error.kind == .addrInUse)
            #expect(error.description.contains("EADDRINUSE"))
            #expect(error.description.contains("bind to \(try first.localAddr())"))
        }
    }

    @Test func foreignAddressIsAddrNotAvailable() throws {
        // TEST-NET-1: never an address of this machine; binding sends nothing.
        do {
            _ = try TcpListener.bind("192.0.2.1:0")
            Issue.record("bound a foreign address")
        } catch {
            #expect(error.kind == .addrNotAvailable)
        }
    }

    @Test func bindTriesEachAddress() throws {
        let taken = try TcpListener.bind("127.0.0.1:0")
        let listener = try TcpListener.bind([try taken.localAddr(), SocketAddress("[::1]:0")!])
        #expect(try listener.localAddr().isIPv6)
    }

    @Test func acceptFromANonblockingListenerReturnsABlockingStream() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        try listener.setNonblocking(true)
        #expect(try listener.isNonblocking())
        do {
            _ = try listener.accept()
            Issue.record("accepted nothing")
        } catch {
            #expect(error.kind == .wouldBlock)
        }
        let client = try TcpStream.connect(try listener.localAddr())
        var accepted: (TcpStream, SocketAddress)?
        waitUntil {
            do { accepted = try listener.accept(); return true } catch { return false }
        }
        let (stream, peer) = try #require(accepted)
        #expect(try stream.isNonblocking() == false)
        #expect(isCloseOnExec(stream.fileDescriptor))
        #expect(peer == (try client.localAddr()))
    }

    @Test func clonesOfAListenerBothAccept() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        let clone = try listener.tryClone()
        #expect(try clone.localAddr() == listener.localAddr())
        let a = try TcpStream.connect(try listener.localAddr())
        let b = try TcpStream.connect(try listener.localAddr())
        let (sa, pa) = try listener.accept()
        let (sb, pb) = try clone.accept()
        #expect(Set([pa, pb]) == Set([try a.localAddr(), try b.localAddr()]))
        _ = (sa, sb)
    }

    @Test func listenerTakeErrorIsClear() throws {
        let listener = try TcpListener.bind("127.0.0.1:0")
        #expect(try listener.takeError() == nil)
    }
}
