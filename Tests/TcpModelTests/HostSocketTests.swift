import Glibc
import Testing
import TcpModel
import TestSupport

@Suite("Host sockets: sock_diag dump, owners from /proc, SOCK_DESTROY")
struct HostSocketTests {
    /// The helper's three sockets: the listener, the client and the accepted end.
    private func helperSockets(_ held: HeldConnection, in all: [HostSocket]) -> (HostSocket?, HostSocket?, HostSocket?) {
        let listener = all.first { $0.state == .listen && $0.local.port == held.listenPort }
        let client = all.first { $0.state == .established && $0.local.port == held.clientPort && $0.peer.port == held.listenPort }
        let accepted = all.first { $0.state == .established && $0.local.port == held.listenPort && $0.peer.port == held.clientPort }
        return (listener, client, accepted)
    }

    @Test(arguments: ["127.0.0.1", "::1"])
    func dumpFindsAHelpersConnectionWithInfoMemoryAndCongestion(host: String) throws {
        let held = try HeldConnection(host: host)
        let all = try SocketDiagnostics().sockets()
        let (listener, client, accepted) = helperSockets(held, in: all)
        let found = try #require(client)
        #expect(listener != nil)
        #expect(accepted != nil)
        #expect(found.local.ipDescription == host)
        #expect(found.inode != 0)
        #expect(found.uid == getuid())
        let info = try #require(found.info)
        #expect(info.state == .established)
        #expect(info.sendCongestionWindow > 0)
        #expect(found.memory.map { $0.receiveBuffer > 0 } == true)
        #expect(found.congestion?.isEmpty == false)
        // The listener's send queue is its backlog (8 was asked).
        #expect(listener?.sendQueue == 8)
    }

    @Test func ownersAreFoundByInodeAndCached() throws {
        let held = try HeldConnection()
        let all = try SocketDiagnostics().sockets()
        let (listener, client, accepted) = helperSockets(held, in: all)
        let inodes = [listener, client, accepted].compactMap { $0?.inode }
        #expect(inodes.count == 3)
        let owners = SocketOwners()
        let first = owners.owners(of: inodes)
        for inode in inodes {
            let holders = first[inode] ?? []
            #expect(holders.contains { $0.pid == held.pid && $0.command.hasPrefix("python3") }, "inode \(inode): \(holders)")
        }
        #expect(owners.scans == 1)
        // Nothing new: no second scan.
        _ = owners.owners(of: inodes)
        #expect(owners.scans == 1)
        // A socket not seen before makes one.
        let other = try HeldConnection()
        let more = try SocketDiagnostics().sockets()
        let otherClient = try #require(helperSockets(other, in: more).1)
        let second = owners.owners(of: inodes + [otherClient.inode])
        #expect(owners.scans == 2)
        #expect(second[otherClient.inode]?.first?.pid == other.pid)
        #expect(second[inodes[0]]?.first?.pid == held.pid)
        // An inode no process holds (as another user's, without root) is looked for once.
        let nobodys: UInt32 = 4_000_000_000
        _ = owners.owners(of: inodes + [otherClient.inode, nobodys])
        #expect(owners.scans == 3)
        let again = owners.owners(of: inodes + [otherClient.inode, nobodys])
        #expect(owners.scans == 3)
        #expect(again[nobodys] == nil)
    }

    @Test func destroyAbortsTheOwnersNextCall() throws {
        guard geteuid() == 0 else {
            print("skipped: SOCK_DESTROY needs CAP_NET_ADMIN; run as root")
            return
        }
        let held = try HeldConnection()
        let diagnostics = try SocketDiagnostics()
        let accepted = try #require(helperSockets(held, in: try diagnostics.sockets()).2)
        try diagnostics.destroy(accepted)
        #expect(try held.receiveOnAccepted() == "ECONNABORTED")
        // It is gone: a second destroy finds nothing.
        #expect(throws: SocketError.self) { try diagnostics.destroy(accepted) }
    }

    @Test func destroyWithoutCapabilityIsEPERM() throws {
        guard geteuid() != 0 else {
            print("skipped: checks the refusal an unprivileged user gets; runs when not root")
            return
        }
        let held = try HeldConnection()
        let diagnostics = try SocketDiagnostics()
        let accepted = try #require(helperSockets(held, in: try diagnostics.sockets()).2)
        #expect {
            try diagnostics.destroy(accepted)
        } throws: { ($0 as? SocketError)?.errnoName == "EPERM" }
    }
}
