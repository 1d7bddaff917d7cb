import Foundation

/// What /proc says about a running process: its open descriptors and its resident size.
/// Tests read another process (the tool under test), never their own, which shares its
/// descriptors and memory with every test running beside it.
public struct ProcessProbe: Sendable {
    public let pid: pid_t

    public init(pid: pid_t) {
        self.pid = pid
    }

    /// The number of open descriptors (/proc/PID/fd), or nil once the process is gone.
    public var descriptorCount: Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// Open descriptors that are sockets.
    public var socketCount: Int? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
        return names.filter { name in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(name)"))?.hasPrefix("socket:") ?? false
        }.count
    }

    /// Resident set size in bytes (VmRSS), or nil once the process is gone.
    public var residentBytes: Int? {
        statusField("VmRSS:")
    }

    /// The peak resident set size in bytes (VmHWM): the most it ever held.
    public var peakResidentBytes: Int? {
        statusField("VmHWM:")
    }

    private func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kib = Int(line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        else { return nil }
        return kib * 1024
    }
}
