import Foundation

/// A tmpfs of the test's own, 1 MiB in size: a disk that fills after a megabyte, so a test can
/// see what tcpscope does when a write is refused with ENOSPC. Mounting needs root; where the
/// machine refuses, tests that need it are skipped and say why.
///
/// `remove()` (or deinit) unmounts it and removes the mount point, whatever the test did in
/// between: call it in a `defer` so a failing test cleans up too.
public final class SmallTmpfs: @unchecked Sendable {  // `path` never changes; `removed` is set once, by the owner
    /// The mount point.
    public let path: String
    private var removed = false

    /// Whether this machine lets the test mount a tmpfs (root, and a kernel and container that
    /// allow it), probed once by mounting and unmounting one.
    public static let isAvailable: Bool = {
        guard getuid() == 0, let probe = try? SmallTmpfs() else { return false }
        probe.remove()
        return true
    }()

    /// Why tests that need a small tmpfs are skipped here.
    public static let unavailableReason =
        "needs a 1 MiB tmpfs (`mount -t tmpfs` as root); this machine refused one, so the test is SKIPPED, not passed"

    public init(size: String = "1m") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        // A busy machine (two test runs at once) has seen the mount fail once and then work.
        var failure = SmallTmpfs.mount(size, on: path)
        for again in 1...2 where failure != nil {
            usleep(UInt32(200_000 * again))
            failure = SmallTmpfs.mount(size, on: path)
        }
        if let failure {
            try? FileManager.default.removeItem(atPath: path)
            removed = true
            throw HarnessError("could not mount a \(size) tmpfs on \(path): \(failure)")
        }
    }

    deinit {
        remove()
    }

    /// The path of `name` on this file system.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Fills what is left of the file system with zeros, so the next write fails with ENOSPC.
    public func fill() throws {
        guard let out = FileHandle(forWritingAtPath: file("filler")) ?? {
            _ = FileManager.default.createFile(atPath: file("filler"), contents: nil)
            return FileHandle(forWritingAtPath: file("filler"))
        }() else { throw HarnessError("cannot create \(file("filler"))") }
        defer { try? out.close() }
        let chunk = Data(count: 64 << 10)
        // Each write either fits or fails with ENOSPC; a 1 MiB disk takes at most 16 of them.
        for _ in 0..<64 {
            do { try out.write(contentsOf: chunk) } catch { return }
        }
        throw HarnessError("\(path) did not fill up after 4 MiB: is it really a 1 MiB tmpfs?")
    }

    /// Unmounts the file system and removes the mount point. Safe to call twice. A process the
    /// test started may still hold a file open on it: then the unmount is lazy (it completes
    /// when that file is closed) rather than left behind.
    public func remove() {
        guard !removed else { return }
        removed = true
        if SmallTmpfs.run(["umount", path]) != 0 { SmallTmpfs.run(["umount", "-l", path]) }
        // rmdir, not a recursive remove: if the unmount failed, nothing on it is deleted.
        Foundation.rmdir(path)
    }

    /// Runs a short command; its exit status, or -1 if it did not finish within 10 s.
    /// nil when the mount worked, else its exit status and what it wrote to stderr.
    private static func mount(_ size: String, on path: String) -> String? {
        guard let process = try? PeerProcess(["mount", "-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", path]) else {
            return "could not start mount"
        }
        guard let status = process.exitStatus(within: .seconds(30)) else { return "mount still running after 30 s" }
        return status == 0 ? nil : "exit status \(status): \(process.stderr.suffix(300))"
    }

    @discardableResult
    static func run(_ argv: [String]) -> Int32 {
        guard let process = try? PeerProcess(argv) else { return -1 }
        return process.exitStatus(within: .seconds(10)) ?? -1
    }
}
