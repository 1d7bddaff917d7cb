import Dispatch
import Glibc
import TcpModel

/// One look at every TCP socket on the host: sock_diag's dump joined with the owners found in
/// /proc. Keeps the netlink socket and the owner cache between looks, so a refresh scans /proc
/// only when a socket appeared that it has not seen.
///
/// The netlink socket and the owner cache each sit behind a lock of their own: the first look
/// fills the owner cache on another thread while this one dumps, and a look and an abort may
/// come from different threads (the Host view's queue, the screen).
public final class HostListing: Sendable {
    private let diagnostics: Locked<SocketDiagnostics>
    private let owners: Locked<SocketOwners>

    /// What one look found.
    public struct Result: Sendable {
        public var rows: [HostRow]
        /// What could not be seen, for the person to be told (empty when nothing is missing).
        public var missing: [String]
    }

    public init() throws(SocketError) {
        diagnostics = Locked(try SocketDiagnostics())
        owners = Locked(SocketOwners())
    }

    /// How many /proc scans have run so far.
    public var ownerScans: Int { owners.withLock { $0.scans } }

    /// Every socket that passes `filter`, in the kernel's order (IPv4, then IPv6); with
    /// `details`, each one's memory and congestion control too (the JSON listing has them, the
    /// Host view's columns do not).
    public func look(_ filter: HostFilter = .all, details: Bool = true) throws(SocketError) -> Result {
        // The first look reads every /proc link: on another core, while the kernel dumps.
        let group = DispatchGroup()
        if ownerScans == 0 {
            let owners = owners
            DispatchQueue.global().async(group: group) { owners.withLock { $0.prefetch() } }
        }
        // The kernel leaves out what the filter's states, ports and addresses rule out.
        let states = filter.kernelStates, bytecode = filter.kernelBytecode
        let dumped: Swift.Result<[HostSocket], SocketError> = Swift.Result { () throws(SocketError) in
            try diagnostics.withLock { d throws(SocketError) in try d.sockets(states: states, bytecode: bytecode, details: details) }
        }
        group.wait()
        let sockets = try dumped.get()
        var rows: [HostRow] = []
        rows.reserveCapacity(sockets.count)
        if filter.needsOwners {
            let found = owners.withLock { $0.owners(of: sockets.lazy.map(\.inode)) }
            for socket in sockets {
                let row = HostRow(socket: socket, owners: found[socket.inode] ?? [])
                if filter.matches(row) { rows.append(row) }
            }
        } else {
            // Owners only for the sockets that passed: none matched, no /proc scan.
            for socket in sockets {
                let row = HostRow(socket: socket, owners: [])
                if filter.matches(row) { rows.append(row) }
            }
            let inodes = rows.map(\.socket.inode)
            let found = owners.withLock { $0.owners(of: inodes) }
            for i in rows.indices {
                if let held = found[rows[i].socket.inode] { rows[i].owners = held }
            }
        }
        var missing: [String] = []
        let unreadable = owners.withLock { $0.unreadableProcesses }
        if unreadable > 0 {
            missing.append("owners of \(unreadable) processes of other users are not shown: reading their descriptors needs root (CAP_SYS_PTRACE)")
        }
        return Result(rows: rows, missing: missing)
    }

    /// Aborts the connection of `row` (SOCK_DESTROY); see `SocketDiagnostics.destroy`.
    public func abort(_ row: HostRow) throws(SocketError) {
        try diagnostics.withLock { d throws(SocketError) in try d.destroy(row.socket) }
    }

    /// Why an abort was refused, in words a person can act on.
    public static func abortRefusal(_ error: SocketError) -> String {
        switch error.code {
        case EPERM, EACCES:
            return "\(error): aborting another process's connection needs CAP_NET_ADMIN (run as root)"
        case EOPNOTSUPP:
            return "\(error): this kernel cannot destroy sockets (built without CONFIG_INET_DIAG_DESTROY)"
        case ENOENT:
            return "\(error): the connection is already gone"
        default:
            return error.description
        }
    }
}
