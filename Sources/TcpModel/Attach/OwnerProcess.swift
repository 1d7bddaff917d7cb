import CSocket
import Glibc

/// Another process, held by a pidfd (pidfd_open(2)): the handle stays valid if the pid is
/// reused, and becomes readable when the process exits, so an exit is seen without polling
/// /proc.
public final class OwnerProcess: Sendable {
    public let pid: Int32
    let owned: OwnedDescriptor

    /// Opens a pidfd for `pid`. ESRCH (no such process) is named as such.
    public init(pid: Int32) throws(SocketError) {
        guard pid > 0 else {
            throw SocketError(.invalidInput, "no process \(pid) (a pid is a positive number)", call: "pidfd_open")
        }
        self.pid = pid
        do throws(SocketError) {
            owned = OwnedDescriptor(try syscall("pidfd_open", "(pid \(pid))") { csock_pidfd_open(pid, 0) })
        } catch {
            if error.code == ESRCH {
                var named = error
                named.message = "no process \(pid) (it exited, or never ran)"
                throw named
            }
            throw error
        }
    }

    /// The pidfd, for a poller to watch (readable on exit).
    public var fileDescriptor: Int32 { owned.fd }

    /// Whether the process has exited: its pidfd is readable (poll with no wait).
    public var hasExited: Bool { exits(within: 0) }

    /// Whether the process has exited, or does within `milliseconds` (its pidfd turns readable).
    public func exits(within milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: owned.fd, events: Int16(POLLIN), revents: 0)
        return Glibc.poll(&entry, 1, milliseconds) == 1 && entry.revents & Int16(POLLIN | POLLHUP) != 0
    }

    /// The socket inode descriptor `fd` of this process names now (`socket:[INODE]` in
    /// /proc/PID/fd/FD); nil when the descriptor is closed or is not a socket. A different
    /// inode means the descriptor was closed and its number reused.
    public func socketInode(fd: Int32) -> UInt32? {
        var target = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/\(pid)/fd/\(fd)", &target, target.count - 1)
        guard n > 0 else { return nil }
        let text = String(decoding: target[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard text.hasPrefix("socket:["), text.hasSuffix("]") else { return nil }
        return UInt32(text.dropFirst(8).dropLast())
    }

    /// A copy of the process's descriptor `fd` (pidfd_getfd(2)), close-on-exec. EPERM is
    /// explained (which check refused, and what would allow it); EBADF names the descriptor.
    func copyDescriptor(_ fd: Int32) throws(SocketError) -> OwnedDescriptor {
        do throws(SocketError) {
            return OwnedDescriptor(try syscall("pidfd_getfd", "(pid \(pid), fd \(fd))") { csock_pidfd_getfd(owned.fd, fd, 0) })
        } catch {
            var named = error
            switch error.code {
            case EPERM: named.message = AttachPermission.explain(pid: pid)
            case EBADF: named.message = "process \(pid) has no descriptor \(fd) open"
            case ESRCH: named.message = "process \(pid) has exited"
            default: break
            }
            throw named
        }
    }
}
