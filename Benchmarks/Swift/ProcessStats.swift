import Glibc

/// What /proc says about a running process: CPU time, resident memory, bytes written, where
/// each thread sleeps. Every reader returns nil when the process is gone.
enum ProcessStats {
    /// User plus system CPU seconds of every thread of `pid` (/proc/PID/stat, fields 14 and
    /// 15, in clock ticks: 10 ms steps here).
    static func cpuSeconds(_ pid: pid_t) -> Double? {
        let stat = TextFile.read("/proc/\(pid)/stat")
        // "pid (comm) state ppid ...": comm may hold spaces or ')', so split after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so utime (field 14) is fields[11].
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS of `pid` in KiB.
    static func residentKiB(_ pid: pid_t) -> Double? {
        field("VmRSS:", in: "/proc/\(pid)/status")
    }

    /// VmHWM (peak resident) of `pid` in KiB.
    static func peakResidentKiB(_ pid: pid_t) -> Double? {
        field("VmHWM:", in: "/proc/\(pid)/status")
    }

    /// Bytes `pid` has passed to write(2) and its relatives, to any descriptor (/proc/PID/io).
    static func writtenBytes(_ pid: pid_t) -> Double? {
        field("wchar:", in: "/proc/\(pid)/io")
    }

    /// The kernel function each thread of `pid` sleeps in ("do_epoll_wait", "do_sys_poll",
    /// "futex_wait_queue"...), with how many threads sleep there, or run ("0").
    static func waitChannels(_ pid: pid_t) -> [String: Int] {
        var found: [String: Int] = [:]
        for tid in directoryEntries("/proc/\(pid)/task").compactMap({ Int32($0) }) {
            let channel = TextFile.read("/proc/\(pid)/task/\(tid)/wchan", limit: 128)
            found[channel.isEmpty ? "?" : channel, default: 0] += 1
        }
        return found
    }

    private static func field(_ name: String, in path: String) -> Double? {
        let text = TextFile.read(path)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
    }

    /// Names in a directory, "." and ".." left out; at most 100,000 of them.
    static func directoryEntries(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while names.count < 100_000, let entry = readdir(dir) {
            let name = DirectoryEntry.name(entry)
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
