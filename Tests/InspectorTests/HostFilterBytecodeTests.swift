import Glibc
import Testing
import Inspector
import TcpModel
import TestSupport

@Suite("Host filter in the kernel: the inet_diag program selects what the userspace filter selects")
struct HostFilterBytecodeTests {
    @Test func theKernelSelectsExactlyWhatTheFilterSelectsOnRealSockets() throws {
        let v4 = try HeldConnection()
        let v6 = try HeldConnection(host: "::1")
        let (l4, c4, l6, c6) = (v4.listenPort, v4.clientPort, v6.listenPort, v6.clientPort)
        // The helpers' sockets only, by their owners: other sockets come and go meanwhile, and
        // another connection may have the same local port (one port serves many peers).
        let helpers: Set<Int32> = [v4.peer.pid, v6.peer.pid]
        let diagnostics = try SocketDiagnostics()
        let owners = SocketOwners()
        func ours(_ sockets: [HostSocket]) -> [HostRow] {
            let found = owners.owners(of: sockets.map(\.inode))
            return sockets.compactMap { socket in
                let held = found[socket.inode] ?? []
                return held.contains { helpers.contains($0.pid) } ? HostRow(socket: socket, owners: held) : nil
            }
        }
        func names(_ rows: [HostRow]) -> Set<String> {
            Set(rows.map { "\($0.socket.stateName) \($0.socket.local) \($0.socket.peer)" })
        }
        let everything = ours(try diagnostics.sockets())
        #expect(everything.count == 6, "\(names(everything))")
        let filters = [
            "sport = :\(l4)", "dport = :\(l4)", "sport != :\(l4)", "dport != :\(c6)",
            "sport < :\(l4)", "sport <= :\(l4)", "sport > :\(l4)", "sport >= :\(l4)", "dport > :\(c6)",
            "dport < :\(l6)", "dport <= :\(l6)", "dport >= :\(l6)",
            "src 127.0.0.0/8", "dst ::1", "src ::1/128", "dst 127.0.0.1/32", "src 0.0.0.0/0", "dst ::/0",
            "src 127.0.0.2", "dst 10.0.0.0/8",
            "sport = :\(l4) or dport = :\(l6)",
            "( sport = :\(l4) or sport = :\(l6) ) and not dst 127.0.0.1",
            "not ( sport = :\(l4) and dport = :\(c4) )",
            "not ( sport = :\(l4) or src ::1 ) or dport = :\(l6)",
            "sport = :\(l4) and dport = :\(c4) and src 127.0.0.1",
            "state established and sport = :\(l6)",
            "state listening or dport = :\(l4)",
            "not state listening and src ::1",
            "not ( state listening or sport = :\(c4) )",
            "state established and ( dport = :\(l4) or not sport = :\(l6) )",
            "comm python3 and sport = :\(l4)",
            "pid \(v6.peer.pid) or sport = :\(c4)",
            "not pid \(v4.peer.pid)",
        ]
        for text in filters {
            let filter = try HostFilter.parse(text.split(separator: " ").map(String.init))
            let wanted = names(everything.filter(filter.matches))
            let dumped = ours(try diagnostics.sockets(states: filter.kernelStates, bytecode: filter.kernelBytecode))
            // The kernel may only leave out what the filter would: userspace judges the rest.
            #expect(names(dumped.filter(filter.matches)) == wanted, "\(text)")
            if !filter.needsOwners && !text.contains("state") {
                #expect(names(dumped) == wanted, "the kernel alone: \(text)")
            }
        }
        #expect(HostFilter.all.kernelBytecode.isEmpty)
        #expect(HostFilter.all.kernelStates == .max)
    }

    @Test func aProgramTheKernelRefusesFallsBackToTheWholeDump() throws {
        let held = try HeldConnection()
        // Op 255 is no inet_diag op: the kernel answers EINVAL, and the dump is asked again bare.
        let sockets = try SocketDiagnostics().sockets(bytecode: [255, 4, 8, 0])
        #expect(sockets.contains { $0.local.port == held.listenPort && $0.state == .listen })
    }
}
