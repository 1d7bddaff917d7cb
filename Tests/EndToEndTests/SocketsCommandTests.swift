import Foundation
import Testing
import TestSupport

@Suite("tcpscope sockets: --json and --abort over real helper connections")
struct SocketsCommandTests {
    private func sockets(_ arguments: [String], asNobody: Bool = false) async throws -> CommandResult {
        let binary = try TcpscopeBinary.path()
        let drop = asNobody ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        return try await CommandRunner.run(drop + [binary, "sockets"] + arguments, timeout: .seconds(30))
    }

    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let dictionary = object as? [String: Any] else { throw HarnessError("not an object: \(line)") }
            return dictionary
        }
    }

    @Test func jsonListsAHelpersSocketsWithOwnersAsManyAsSs() async throws {
        let held = try HeldConnection()
        let filter = ["(", "sport", "=", ":\(held.listenPort)", "or", "dport", "=", ":\(held.listenPort)", ")"]
        let result = try await sockets(["--json"] + filter)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try objects(result.stdout)
        let ss = try await CommandRunner.run(["ss", "-tanH"] + filter)
        #expect(rows.count == ss.stdout.split(separator: "\n").count)
        #expect(rows.count == 3)
        #expect(Set(rows.compactMap { $0["state"] as? String }) == ["LISTEN", "ESTABLISHED"])
        for row in rows {
            let owners = row["owners"] as? [[String: Any]] ?? []
            #expect(owners.contains { ($0["pid"] as? Int) == Int(held.pid) && ($0["command"] as? String) == "python3" }, "\(row)")
            #expect(row["inode"] as? Int ?? 0 > 0)
            #expect(row["memory"] is [String: Any])
        }
        let client = try #require(rows.first { ($0["local"] as? String) == "127.0.0.1:\(held.clientPort)" })
        #expect(client["peer"] as? String == "127.0.0.1:\(held.listenPort)")
        #expect(client["cwnd"] as? Int ?? 0 > 0)
        #expect(client["congestion"] is String)
    }

    @Test func pidAndCommSelectTheOwnersSockets() async throws {
        let held = try HeldConnection()
        let result = try await sockets(["--json", "pid", "\(held.pid)", "and", "comm", "python3", "and", "state", "established"])
        #expect(result.status == 0)
        #expect(try objects(result.stdout).count == 2)
    }

    @Test(arguments: [["state", "nonsense"], ["sport", "=", ":port"], ["(", "pid", "1"], ["src", "1.2.3.4/40"], ["--json", "frob"]])
    func malformedFilterIsRefusedWith64NamingTheToken(filter: [String]) async throws {
        let result = try await sockets(filter.first == "--json" ? filter : ["--json"] + filter)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("filter:"), "\(result.stderr)")
    }

    @Test func abortNeedsAFilter() async throws {
        let result = try await sockets(["--abort"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--abort needs a filter"))
    }

    @Test func abortGivesTheOwnerECONNABORTEDAndNamesIt() async throws {
        guard geteuid() == 0 else {
            print("skipped: aborting a connection (SOCK_DESTROY) needs CAP_NET_ADMIN; run as root")
            return
        }
        let held = try HeldConnection()
        let result = try await sockets(["--abort", "sport", "=", ":\(held.listenPort)", "and", "dport", "=", ":\(held.clientPort)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "aborted ESTABLISHED 127.0.0.1:\(held.listenPort) -> 127.0.0.1:\(held.clientPort) (owned by \(held.pid)/python3 fd \(held.acceptedFd))\n")
        #expect(try held.receiveOnAccepted() == "ECONNABORTED")
    }

    @Test func withoutRootTheMissingOwnersAndTheCapabilityAreSaid() async throws {
        guard geteuid() == 0 else {
            print("skipped: drops to user nobody with setpriv, which needs root")
            return
        }
        let held = try HeldConnection()
        let listing = try await sockets(["--json", "sport", "=", ":\(held.listenPort)"], asNobody: true)
        #expect(listing.status == 0)
        #expect(listing.stderr.contains("owners of") && listing.stderr.contains("need"), "\(listing.stderr)")
        // Visible still, without the owner.
        let rows = try objects(listing.stdout)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { ($0["owners"] as? [Any])?.isEmpty == true })
        let abort = try await sockets(["--abort", "sport", "=", ":\(held.listenPort)"], asNobody: true)
        #expect(abort.status == 1)
        #expect(abort.stderr.contains("needs CAP_NET_ADMIN"), "\(abort.stderr)")
        // The helper's connection is untouched.
        let after = try await sockets(["--json", "sport", "=", ":\(held.listenPort)", "and", "state", "established"])
        #expect(try objects(after.stdout).count == 1)
    }
}
