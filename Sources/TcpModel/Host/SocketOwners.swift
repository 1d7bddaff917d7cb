import Dispatch
import Glibc
import Synchronization

/// A process holding a socket through a descriptor.
public struct SocketOwner: Sendable, Hashable {
    public var pid: Int32
    /// The process's command name (/proc/PID/comm), as the kernel keeps it (at most 15 bytes).
    public var command: String
    public var fd: Int32
}

/// Who holds which socket: every /proc/PID/fd link of the form `socket:[INODE]`, as `ss -p`
/// finds them.
///
/// Reading every link is what costs (tens of milliseconds for tens of thousands of sockets),
/// so the answer is cached by inode: `owners(of:)` scans again only when asked about an inode
/// it has not seen, and then reads links only for descriptors it did not know; a descriptor
/// whose number was reused is found because its old inode is gone from the caller's list.
/// Not for two threads at once: a caller that shares it keeps it behind a lock (`HostListing`).
public final class SocketOwners {
    /// Descriptors known from earlier scans: (pid, fd) -> inode.
    private var linkCache: [Descriptor: UInt32] = [:]
    private var byInode: [UInt32: [SocketOwner]] = [:]
    /// Inodes a scan was asked about and found no owner for (another user's process without
    /// root, or a socket no descriptor holds): asking again does not rescan.
    private var ownerless = Set<UInt32>()
    /// Processes whose descriptors the last scan could not read (another user's, without root).
    public private(set) var unreadableProcesses = 0
    /// How many /proc scans ran (for tests and the benchmark: a refresh with no new socket
    /// should not scan).
    public private(set) var scans = 0
    private let procRoot: String

    private struct Descriptor: Hashable, Sendable {
        var pid: Int32
        var fd: Int32
    }

    public init(procRoot: String = "/proc") {
        self.procRoot = procRoot
    }

    /// The owners of each inode in `inodes` (inode 0, no descriptor, is never looked up).
    public func owners(of inodes: some Sequence<UInt32>) -> [UInt32: [SocketOwner]] {
        var wanted = Set<UInt32>()
        for inode in inodes where inode != 0 { wanted.insert(inode) }
        if wanted.contains(where: { byInode[$0] == nil && !ownerless.contains($0) }) {
            scan(alive: wanted)
            ownerless = wanted.filter { byInode[$0] == nil }
        }
        var result: [UInt32: [SocketOwner]] = [:]
        result.reserveCapacity(wanted.count)
        for inode in wanted {
            if let owners = byInode[inode] { result[inode] = owners }
        }
        return result
    }

    /// Reads every socket link now, before the inodes are known: a caller can run this on
    /// another thread while it dumps the sockets, so the two costs overlap. Not concurrently
    /// with any other call.
    public func prefetch() {
        scan(alive: [])
    }

    private func scan(alive: Set<UInt32>) {
        scans += 1
        // Two readers share the processes, one at a time each: the links are what costs, and a
        // process's descriptors are read by whichever reader takes it.
        let work = ScanWork(pids: Self.processIDs(procRoot), procRoot: procRoot, known: linkCache, alive: alive)
        DispatchQueue.concurrentPerform(iterations: 2) { _ in work.run() }
        var links: [Descriptor: UInt32] = [:]
        var unreadable = 0
        for part in work.parts.withLock({ $0 }) {
            links.merge(part.links) { first, _ in first }
            unreadable += part.unreadable
        }
        var names: [Int32: String] = [:]
        var owners: [UInt32: [SocketOwner]] = [:]
        owners.reserveCapacity(links.count)
        for (key, inode) in links {
            let command: String
            if let known = names[key.pid] {
                command = known
            } else {
                command = Self.commandName(of: key.pid, procRoot: procRoot)
                names[key.pid] = command
            }
            owners[inode, default: []].append(SocketOwner(pid: key.pid, command: command, fd: key.fd))
        }
        for (inode, list) in owners where list.count > 1 {
            owners[inode] = list.sorted { ($0.pid, $0.fd) < ($1.pid, $1.fd) }
        }
        linkCache = links
        byInode = owners
        unreadableProcesses = unreadable
    }

    /// One scan's processes and what its readers found, shared by the readers.
    private final class ScanWork: Sendable {
        struct Part: Sendable {
            var links: [Descriptor: UInt32] = [:]
            var unreadable = 0
        }
        let pids: [Int32]
        let procRoot: String
        let known: [Descriptor: UInt32]
        let alive: Set<UInt32>
        let next = Atomic<Int>(0)
        let parts = Mutex<[Part]>([])

        init(pids: [Int32], procRoot: String, known: [Descriptor: UInt32], alive: Set<UInt32>) {
            self.pids = pids
            self.procRoot = procRoot
            self.known = known
            self.alive = alive
        }

        /// Takes processes until none is left, reading each one's socket links.
        func run() {
            var part = Part()
            var target = [CChar](repeating: 0, count: 64)
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < pids.count else { break }
                read(pids[index], into: &part, target: &target)
            }
            parts.withLock { [part] in $0.append(part) }
        }

        /// Where a dirent's name starts.
        private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19

        private func read(_ pid: Int32, into part: inout Part, target: inout [CChar]) {
            guard let dir = opendir("\(procRoot)/\(pid)/fd") else {
                if errno == EACCES || errno == EPERM { part.unreadable += 1 }
                return
            }
            defer { closedir(dir) }
            let directory = dirfd(dir)
            while let entry = readdir(dir) {
                // The name is read in place, up to its NUL: a record at the end of readdir's
                // buffer is shorter than d_name's 256 bytes, so copying the whole field would
                // read past the buffer.
                let name = UnsafeRawPointer(entry).advanced(by: Self.nameOffset).assumingMemoryBound(to: UInt8.self)
                let fd: Int32? = {
                    var value: Int32 = 0
                    var index = 0
                    while index < 11 {
                        let byte = name[index]
                        if byte == 0 { break }
                        guard byte >= 48 && byte <= 57 else { return nil }
                        value = value &* 10 &+ Int32(byte - 48)
                        index += 1
                    }
                    return index > 0 && name[index] == 0 ? value : nil
                }()
                guard let fd else { continue }
                let key = Descriptor(pid: pid, fd: fd)
                // A known descriptor whose socket is still alive is the same socket: a reused
                // number would hold a new inode, and the old one would have left `alive`.
                if let inode = known[key], alive.contains(inode) {
                    part.links[key] = inode
                    continue
                }
                // Relative to the directory already open: no path to build per descriptor.
                let length = withUnsafePointer(to: &entry.pointee.d_name) { name in
                    name.withMemoryRebound(to: CChar.self, capacity: 256) { readlinkat(directory, $0, &target, target.count - 1) }
                }
                guard length > 8 else { continue }
                if let inode = SocketOwners.socketInode(target, length) {
                    part.links[key] = inode
                }
            }
        }
    }

    private static func processIDs(_ root: String) -> [Int32] {
        var pids: [Int32] = []
        guard let dir = opendir(root) else { return pids }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            // Only numeric names are processes; the first byte tells most others apart. Read
            // in place up to the NUL, as above: the whole 256-byte field may pass the buffer.
            let pid = withUnsafePointer(to: &entry.pointee.d_name) { field -> Int32? in
                field.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                    guard name[0] >= 49 && name[0] <= 57 else { return nil }
                    return Int32(String(cString: name))
                }
            }
            if let pid { pids.append(pid) }
        }
        return pids
    }

    /// `socket:[12345]` -> 12345.
    fileprivate static func socketInode(_ target: [CChar], _ length: Int) -> UInt32? {
        let prefix: [CChar] = Array("socket:[".utf8CString.dropLast())
        guard length > prefix.count + 1, Array(target[0..<prefix.count]) == prefix,
              target[length - 1] == CChar(UInt8(ascii: "]")) else { return nil }
        var value: UInt32 = 0
        for i in prefix.count..<(length - 1) {
            let c = UInt8(bitPattern: target[i])
            guard c >= 48 && c <= 57 else { return nil }
            value = value &* 10 &+ UInt32(c - 48)
        }
        return value
    }

    /// A process's command name (/proc/PID/comm) as the kernel keeps it, without the newline
    /// it ends with; "?" when the process is gone. Raw: whoever shows it escapes it.
    public static func commandName(of pid: Int32, procRoot: String = "/proc") -> String {
        guard let file = fopen("\(procRoot)/\(pid)/comm", "r") else { return "?" }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = fread(&bytes, 1, bytes.count, file)
        guard n > 0 else { return "?" }
        var name = bytes.prefix(n)
        if name.last == 0x0A { name.removeLast() }
        return String(decoding: name, as: UTF8.self)
    }
}
