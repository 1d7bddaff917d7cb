import CSocket
import Glibc

extension TcpStream {
    /// A copy of descriptor `fd` of process `owner` (pidfd_getfd(2)), checked to be a TCP
    /// socket. The copy shares the owner's open file description: its O_NONBLOCK, its queues,
    /// its options. While it is held the owner's close sends no FIN; close it to let go.
    public static func attach(to owner: OwnerProcess, fd: Int32) throws(SocketError) -> TcpStream {
        let copy = try owner.copyDescriptor(fd)
        let call = "attach"
        let detail = "(pid \(owner.pid), fd \(fd))"
        let type: Int32
        do throws(SocketError) {
            type = try SocketOption.getInt(copy.fd, SOL_SOCKET, SO_TYPE, "SO_TYPE")
        } catch where error.code == ENOTSOCK {
            throw SocketError(.invalidInput, "descriptor \(fd) of process \(owner.pid) is not a socket", call: call, detail: detail)
        }
        let proto = try SocketOption.getInt(copy.fd, SOL_SOCKET, SO_PROTOCOL, "SO_PROTOCOL")
        let family = try copy.family()
        guard type == Int32(SOCK_STREAM.rawValue), proto == Int32(IPPROTO_TCP), family == AF_INET || family == AF_INET6 else {
            throw SocketError(.invalidInput, "descriptor \(fd) of process \(owner.pid) is not a TCP socket", call: call, detail: detail)
        }
        if try SocketOption.getBool(copy.fd, SOL_SOCKET, SO_ACCEPTCONN, "SO_ACCEPTCONN") {
            throw SocketError(.invalidInput, "descriptor \(fd) of process \(owner.pid) is a listening socket, not a connection",
                              call: call, detail: detail)
        }
        return TcpStream(owned: copy)
    }

    /// SO_PEEK_OFF: -1 when off; otherwise a peek starts there and moves it, which on a
    /// shared socket moves the owner's offset too.
    public func peekOffset() throws(SocketError) -> Int {
        Int(try SocketOption.getInt(owned.fd, SOL_SOCKET, SO_PEEK_OFF, "SO_PEEK_OFF"))
    }
}

extension TcpStream {
    /// One recv(MSG_PEEK|MSG_DONTWAIT) of up to `count` bytes: nil when nothing is waiting.
    /// Never waits and never changes the descriptor's flags.
    public func peek(nonwaiting count: Int) throws(SocketError) -> [UInt8]? {
        var got: Int?
        var failure: SocketError?
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 0)) { buffer, filled in
            do throws(SocketError) {
                got = try tryPeek(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
            }
            filled = got ?? 0
        }
        if let failure { throw failure }
        return got == nil ? nil : bytes
    }
}
