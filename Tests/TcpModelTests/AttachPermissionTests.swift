import Foundation
import Glibc
import Testing
import TcpModel
import TestSupport

/// pidfd_getfd's EPERM explained from what /proc says: a /proc-shaped directory of the test's
/// own stands in for the process, our capabilities and Yama's ptrace_scope.
@Suite("attach: EPERM says which check refused and what would allow it")
struct AttachPermissionTests {
    private func procRoot(uid: UInt32, capEff: String, yama: Int?) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/4242", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/self", withIntermediateDirectories: true)
        try "Name:\tserver\nUid:\t\(uid)\t\(uid)\t\(uid)\t\(uid)\n".write(toFile: root + "/4242/status", atomically: true, encoding: .utf8)
        try "Name:\ttcpscope\nCapEff:\t\(capEff)\n".write(toFile: root + "/self/status", atomically: true, encoding: .utf8)
        if let yama {
            try fm.createDirectory(atPath: root + "/sys/kernel/yama", withIntermediateDirectories: true)
            try "\(yama)\n".write(toFile: root + "/sys/kernel/yama/ptrace_scope", atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func anotherUsersProcessWithoutTheCapability() throws {
        let root = try procRoot(uid: geteuid() &+ 1, capEff: "0000000000000000", yama: 1)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = AttachPermission.explain(pid: 4242, procRoot: root)
        #expect(text.contains("belongs to uid \(geteuid() &+ 1), not to uid \(geteuid())"), "\(text)")
        #expect(text.contains("lacks CAP_SYS_PTRACE"), "\(text)")
    }

    @Test(arguments: [(1, "only a parent may attach"), (2, "only CAP_SYS_PTRACE may attach"), (3, "no process may attach")])
    func yamaSaysItsScopeAndWhatAllowsIt(scope: Int, says: String) throws {
        let root = try procRoot(uid: geteuid(), capEff: "0000000000000000", yama: scope)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = AttachPermission.explain(pid: 4242, procRoot: root)
        #expect(text.hasPrefix("Yama refused: /proc/sys/kernel/yama/ptrace_scope is \(scope)"), "\(text)")
        #expect(text.contains(says), "\(text)")
    }

    @Test func withTheCapabilityOnlyScopeThreeIsYamas() throws {
        // CAP_SYS_PTRACE is bit 19.
        let root = try procRoot(uid: geteuid() &+ 1, capEff: "0000000000080000", yama: 2)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = AttachPermission.explain(pid: 4242, procRoot: root)
        #expect(text.hasPrefix("ptrace access check refused (process 4242 may be undumpable"), "\(text)")
    }

    @Test func anExitedProcessIsESRCH() throws {
        let child = try PeerProcess(["true"])
        let pid = child.pid
        #expect(waitUntil(timeout: .seconds(20)) { !child.isRunning })
        // Reaped: the pid names no process now (unless reused at once, which would be rare).
        do throws(SocketError) {
            _ = try OwnerProcess(pid: pid)
            Issue.record("pidfd_open of exited pid \(pid) succeeded")
        } catch {
            #expect(error.errnoName == "ESRCH", "\(error)")
            #expect(error.description.contains("no process \(pid)"), "\(error)")
        }
    }
}
