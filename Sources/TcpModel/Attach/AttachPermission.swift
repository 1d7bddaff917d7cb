import Glibc

/// Why pidfd_getfd(2) said EPERM: it needs PTRACE_MODE_ATTACH_REALCREDS over the target, so
/// the refusal comes from one of the ptrace access checks. This reads what can be read
/// (/proc/PID/status, our capabilities, Yama's ptrace_scope) and says which check it was and
/// what would allow it.
public enum AttachPermission {
    /// CAP_SYS_PTRACE's bit in the capability sets.
    static let capSysPtrace: UInt64 = 1 << 19

    /// A sentence for an EPERM from pidfd_getfd on `pid`.
    public static func explain(pid: Int32, procRoot: String = "/proc") -> String {
        let ours = geteuid()
        let capable = hasPtraceCapability(procRoot: procRoot)
        let theirs = statusField("Uid:", of: "\(procRoot)/\(pid)/status")
            .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first }
            .flatMap { UInt32($0) }
        if let theirs, theirs != ours, !capable {
            return "ptrace access check refused: process \(pid) belongs to uid \(theirs), not to uid \(ours), "
                + "and tcpscope lacks CAP_SYS_PTRACE (run as root or as uid \(theirs))"
        }
        let scope = readText("\(procRoot)/sys/kernel/yama/ptrace_scope").flatMap { Int($0) }
        if let scope, scope >= 1, !capable {
            let what = scope >= 3 ? "3: no process may attach (only a reboot lowers it)"
                : scope == 2 ? "2: only CAP_SYS_PTRACE may attach (run as root)"
                : "1: only a parent may attach (run as root, or set kernel.yama.ptrace_scope=0)"
            return "Yama refused: /proc/sys/kernel/yama/ptrace_scope is \(what)"
        }
        if scope == 3 {
            return "Yama refused: /proc/sys/kernel/yama/ptrace_scope is 3: no process may attach, not even root (only a reboot lowers it)"
        }
        return "ptrace access check refused (process \(pid) may be undumpable, setuid, or in another user namespace); "
            + "run tcpscope as root with CAP_SYS_PTRACE"
    }

    /// Whether our effective capabilities include CAP_SYS_PTRACE (CapEff in /proc/self/status).
    static func hasPtraceCapability(procRoot: String) -> Bool {
        guard let field = statusField("CapEff:", of: "\(procRoot)/self/status"),
              let mask = UInt64(field.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "", radix: 16)
        else { return false }
        return mask & capSysPtrace != 0
    }

    private static func statusField(_ name: String, of path: String) -> Substring? {
        guard let text = readText(path) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix(name) }
    }

    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \n")
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
