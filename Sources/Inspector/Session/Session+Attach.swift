import Dispatch
import Glibc
import TcpModel

/// `attach`: another process's socket, as a stream of this session.
///
/// The copy (pidfd_getfd) shares the owner's open file description, so everything done on it
/// is done to the owner's socket: a read takes the owner's bytes, O_NONBLOCK flips the owner's
/// mode, a peek moves the owner's SO_PEEK_OFF offset. So an attached stream is read-only
/// until `allow-write`, never has its nonblocking mode changed, and never peeks past an
/// offset the owner set. While the copy is held, the owner's close sends no FIN: the stream
/// detaches (closes its copy) as soon as the owner closes the socket or exits.
extension Session {
    /// How often an attached stream checks that its owner still holds the socket.
    static let ownerCheckInterval = DispatchTimeInterval.milliseconds(100)

    func attach(_ target: AttachTarget) -> Outcome {
        let begin = clock.now
        let args = Command.attach(target).argumentsText
        let pid: Int32
        let fd: Int32
        switch target {
        case .descriptor(let p, let f):
            pid = p
            fd = f
        case .inode(let inode):
            guard let owner = SocketOwners().owners(of: [inode])[inode]?.first else {
                let why = geteuid() == 0 ? "" : " (other users' processes are visible only to root)"
                let event = record(Event(entry: nil, op: "attach", args: args, ok: false, error: "no process holds socket inode \(inode)\(why)"))
                return .failure("attach: no process holds socket inode \(inode)\(why)", event)
            }
            pid = owner.pid
            fd = owner.fd
        }
        do throws(SocketError) {
            let process = try OwnerProcess(pid: pid)
            let stream = try TcpStream.attach(to: process, fd: fd)
            let inode = process.socketInode(fd: fd)
            let owner = AttachedOwner(process: process, fd: fd, inode: inode)
            let socket = AttachedSocket(pid: pid, fd: fd, command: Self.commandName(of: pid), inode: inode)
            let id = mutate { s -> StreamID in
                let n = StreamID(s.nextStream)
                s.nextStream += 1
                return n
            }
            _ = register(stream, id: id, origin: .attached(pid: pid, fd: fd), select: true, attached: (owner, socket))
            let value = "\(id) attached to \(socket.ownerText)" + (inode.map { " socket:[\($0)]" } ?? "")
            let event = record(Event(entry: .stream(id), op: "attach", args: args, value: value + "; read-only until allow-write"))
            if let entry = entry(id) { watchOwner(entry, owner) }
            return .success("\(value): read-only (peek, get, info) until allow-write", event)
        } catch {
            return failed(nil, "attach", args, error, since: begin)
        }
    }

    /// `allow-write` on an attached stream.
    func allowWrite(_ entry: StreamEntry) -> Outcome {
        guard let owner = entry.owner else {
            return .failure("allow-write: \(entry.id) is not attached (only attached streams are read-only)")
        }
        owner.writeAllowed.store(true, ordering: .releasing)
        var ownerText = "pid \(owner.process.pid) fd \(owner.fd)"
        updateStream(entry.id) { s in
            s.attached?.writeAllowed = true
            if let text = s.attached?.ownerText { ownerText = text }
        }
        let event = record(Event(entry: .stream(entry.id), op: "allow-write", value: "read, follow, send, shutdown, set and error act on \(ownerText)'s socket"))
        return .success("\(entry.id) allow-write: read, follow, send, shutdown, set and error now act on \(ownerText)'s socket", event)
    }

    /// `abort` on an attached stream: finds its socket in sock_diag (by its ports, then its
    /// inode) and destroys it, as the Host view's `K` does.
    func abort(_ entry: StreamEntry) -> Outcome {
        let begin = clock.now
        guard let owner = entry.owner else {
            return .failure("abort: \(entry.id) is not attached; a stream of this session is reset with `set linger 0s` then `close`")
        }
        guard let inode = owner.inode else {
            return .failure("abort: \(entry.id): its socket's inode could not be read from /proc, so sock_diag cannot find it")
        }
        do throws(SocketError) {
            let local = try entry.stream.localAddr(), peer = try entry.stream.peerAddr()
            let listing = try HostListing()
            let ports = HostFilter.and(.port(.local, .equal, local.port), .port(.peer, .equal, peer.port))
            guard let row = try listing.look(ports, details: false).rows.first(where: { $0.socket.inode == inode }) else {
                return .failure("abort: \(entry.id): sock_diag lists no socket \(local) -> \(peer) with inode \(inode); it is gone")
            }
            do throws(SocketError) {
                try listing.abort(row)
            } catch {
                let message = HostListing.abortRefusal(error)
                let event = record(Event(entry: .stream(entry.id), op: "abort", ok: false, error: message, errnoName: error.errnoName,
                                         elapsed: clock.now - begin))
                return .failure("\(entry.id) abort: \(message)", event)
            }
            refreshKernelView(entry)
            let value = "aborted \(HostRow.describe(row)): its owner's next call fails with ECONNABORTED"
            let event = record(Event(entry: .stream(entry.id), op: "abort", value: value, elapsed: clock.now - begin))
            return .success("\(entry.id) \(value)", event)
        } catch {
            return failed(.stream(entry.id), "abort", "", error, since: begin)
        }
    }

    /// Why `command` may not run on an attached stream now, or nil.
    func attachedRefusal(_ entry: StreamEntry, _ command: Command) -> String? {
        guard let owner = entry.owner else { return nil }
        let whose = "\(entry.id) is attached to pid \(owner.process.pid) fd \(owner.fd)"
        switch command {
        case .set(.nonblocking, _):
            return "set nonblocking: \(whose): O_NONBLOCK lives on the open file description shared with the owner, so it would change the owner's mode too; never changed on an attached stream"
        case .clone:
            return "clone: \(whose): a clone would be a plain stream, not read-only; use the attached one"
        case .starttls:
            return "starttls: \(whose): its bytes are the owner's to encrypt, not ours"
        case .peek:
            if let offset = try? entry.stream.peekOffset(), offset >= 0 {
                return "peek: \(whose), which set SO_PEEK_OFF (offset \(offset)): a peek would move the owner's offset; refused"
            }
            return nil
        case .read, .follow(true), .send, .shutdown, .set, .error:
            guard !owner.writeAllowed.load(ordering: .acquiring) else { return nil }
            let effect = switch command {
            case .read, .follow: "reading consumes the owner's bytes"
            case .send: "sending writes into the owner's connection"
            case .shutdown: "a shutdown ends the owner's connection"
            case .error: "taking SO_ERROR clears the owner's pending error"
            default: "an option set changes the owner's socket"
            }
            return "\(command.name): \(whose) and read-only: \(effect); `allow-write` lets it"
        default:
            return nil
        }
    }

    /// Checks the owner every `ownerCheckInterval` until it closes the socket or exits, then
    /// detaches the stream.
    private func watchOwner(_ entry: StreamEntry, _ owner: AttachedOwner) {
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.ownerCheckInterval) { [weak self] in
            guard let self, self.entry(entry.id) === entry else { return }
            if let how = owner.gone {
                detach(entry, owner, how: "detached: \(how)")
            } else {
                watchOwner(entry, owner)
            }
        }
    }

    /// Ends what is pending on both sides, then closes the copy and keeps the stream listed,
    /// closed with `how`.
    private func detach(_ entry: StreamEntry, _ owner: AttachedOwner, how: String) {
        guard !owner.detaching.exchange(true, ordering: .acquiringAndReleasing) else { return }
        entry.readCancel.cancel()
        entry.writeCancel.cancel()
        entry.following.store(false, ordering: .relaxed)
        entry.writeQueue.async { [self] in
            entry.readQueue.sync {
                guard self.entry(entry.id) === entry else { return }
                if let error = poller.remove(entry.stream.fileDescriptor) { watchFailed(.stream(entry.id), error) }
                refreshKernelView(entry)
                keepClosed(entry.id, how: how)
                _ = record(Event(entry: .stream(entry.id), op: "detach", value: how))
                wake.signal()
            }
        }
    }

    /// /proc/PID/comm, with anything that is not printable replaced: it reaches the screen.
    static func commandName(of pid: Int32) -> String {
        let text = SocketOwners.commandName(of: pid).utf8.filter { $0 != 0x0A }
        return String(decoding: text.map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
    }
}
