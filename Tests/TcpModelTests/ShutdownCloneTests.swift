import Foundation
import Glibc
import Testing
import TcpModel
import TestSupport

@Suite("Shutdown and clones")
struct ShutdownCloneTests {
    @Test func writeShutdownGivesThePeerEndOfStream() throws {
        let (client, server, _) = try loopbackPair()
        try client.writeAll(Array("last words".utf8))
        try client.shutdown(.write)
        #expect(try server.readToEnd() == Array("last words".utf8))
        do {
            _ = try client.write([1])
            Issue.record("write after shutdown succeeded")
        } catch {
            #expect(error.kind == .brokenPipe)
        }
        // The other direction still works: a half-close.
        try server.writeAll(Array("reply".utf8))
        #expect(try client.readExact(count: 5) == Array("reply".utf8))
        try client.shutdown(.write)
        try client.shutdown(.both)
    }

    @Test func readShutdownWakesAReaderBlockedOnAClone() throws {
        let (client, server, _) = try loopbackPair()
        defer { withExtendedLifetime(server) {} }
        let clone = try client.tryClone()
        try clone.setReadTimeout(nil)
        let reader = BlockedReader(clone)
        // Wait until the reader thread is really asleep in recvfrom (syscall 45 on x86_64).
        #expect(waitUntil(timeout: .seconds(20)) { reader.isInSyscall(45) })
        try client.shutdown(.read)
        #expect(waitUntil { reader.result != nil })
        #expect(reader.result == .some(.success([])))
    }

    @Test func cloneIsANewCloseOnExecDescriptorForTheSameSocket() throws {
        let (client, server, _) = try loopbackPair()
        let clone = try client.tryClone()
        #expect(clone.fileDescriptor >= 3)
        #expect(clone.fileDescriptor != client.fileDescriptor)
        #expect(isCloseOnExec(clone.fileDescriptor))
        #expect(try clone.localAddr() == client.localAddr())
        try client.setNodelay(true)
        #expect(try clone.nodelay(), "same socket, same options")
        try clone.writeAll(Array("from clone ".utf8))
        try client.writeAll(Array("from original".utf8))
        #expect(try server.readExact(count: 24) == Array("from clone from original".utf8))
        let cloneFD = clone.fileDescriptor
        _ = consume clone
        #expect(fcntl(cloneFD, F_GETFD) == -1, "releasing the clone closed its descriptor")
        try client.writeAll([33])
        #expect(try server.readExact(count: 1) == [33], "the original still works")
    }

    @Test func intoFileDescriptorHandsOwnershipOver() throws {
        let (client, server, _) = try loopbackPair()
        let fd = client.intoFileDescriptor()
        _ = consume client
        #expect(fcntl(fd, F_GETFD) != -1, "not closed on release")
        let adopted = TcpStream(takingOwnershipOf: fd)
        try adopted.writeAll([7])
        #expect(try server.readExact(count: 1) == [7])
    }
}

/// A thread blocked in `read` on a stream, whose kernel state the test can look at.
///
/// The thread is found by its kernel thread id, read from /proc/thread-self. (Naming it with
/// `Thread.current.name` is unreliable on Linux: Foundation applies the name only once
/// `start()` has stored the new thread's handle, and the thread may get there first, so the
/// name is sometimes silently dropped.)
final class BlockedReader: @unchecked Sendable {  // `outcome` and `tid` are guarded by `lock`
    private let lock = NSLock()
    private var outcome: Result<[UInt8], SocketError>?
    private var tid: String?

    init(_ stream: TcpStream) {
        let thread = Thread { [self] in
            // "/proc/thread-self" links to "<pid>/task/<tid>".
            let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")
            lock.withLock { tid = link?.split(separator: "/").last.map(String.init) }
            let r = Result { () throws(SocketError) in try stream.read(maxLength: 10) }
            lock.withLock { outcome = r }
        }
        thread.start()
    }

    var result: Result<[UInt8], SocketError>? { lock.withLock { outcome } }

    /// Whether the thread is inside system call `number` now (/proc/self/task/TID/syscall).
    func isInSyscall(_ number: Int) -> Bool {
        guard let tid = lock.withLock({ tid }) else { return false }
        let call = (try? String(contentsOfFile: "/proc/self/task/\(tid)/syscall", encoding: .utf8)) ?? ""
        return call.hasPrefix("\(number) ")
    }
}
