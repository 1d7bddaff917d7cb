import Glibc
import Testing
import Inspector
import TcpModel
import TestSupport

@Suite("Host filter: ss's filter subset, pid and comm")
struct HostFilterTests {
    @Test(arguments: [
        ["state", "bogus"], ["sport", "=", ":http"], ["dport", "=", ":70000"], ["src", "10.0.0.0/33"],
        ["(", "state", "established"], ["state", "established", ")"], ["frobnicate"], ["pid", "x"],
        ["state"], ["state", "established", "and"], ["dst", "not-an-address"],
    ])
    func malformedFiltersNameTheToken(words: [String]) {
        #expect {
            try HostFilter.parse(words)
        } throws: { error in
            guard let error = error as? HostFilterError else { return false }
            // The message names a token the person typed, or says what was missing.
            return words.contains { error.message.contains("`\($0)`") } || error.message.contains("needs")
                || error.message.contains("ends where")
        }
    }

    @Test func controlCharactersInATokenAreEscaped() {
        #expect {
            try HostFilter.parse(["comm-\u{1b}]0;x\u{7}"])
        } throws: { error in
            let message = (error as? HostFilterError)?.message ?? ""
            return !message.unicodeScalars.contains { $0.value < 0x20 }
        }
    }

    @Test func aHelpersSocketsAreSelectedByPortsAddressesStatePidAndComm() throws {
        let held = try HeldConnection()
        let listing = try HostListing()
        func ports(_ text: String) throws -> Set<String> {
            let filter = try HostFilter.parse(text.split(separator: " ").map(String.init))
            return Set(try listing.look(filter).rows.filter { $0.owners.contains { $0.pid == held.pid } }
                .map { "\($0.socket.stateName) \($0.socket.local.port)>\($0.socket.peer.port)" })
        }
        let l = held.listenPort, c = held.clientPort
        let listen = "LISTEN \(l)>0", client = "ESTABLISHED \(c)>\(l)", accepted = "ESTABLISHED \(l)>\(c)"
        #expect(try ports("pid \(held.pid)") == [listen, client, accepted])
        #expect(try ports("state established and pid \(held.pid)") == [client, accepted])
        #expect(try ports("sport = :\(l)") == [listen, accepted])
        #expect(try ports("dport = :\(l)") == [client])
        #expect(try ports("( sport = :\(c) or dport = :\(c) ) and src 127.0.0.0/8") == [client, accepted])
        #expect(try ports("not state listening and sport = :\(l)") == [accepted])
        #expect(try ports("(sport = :\(l)) dst 127.0.0.1") == [accepted])
        #expect(try ports("state listening sport = :\(l)") == [listen])
        #expect(try ports("comm python3 and sport = :\(c)") == [client])
        #expect(try ports("src ::1 and pid \(held.pid)") == [])
        #expect(try ports("sport > :\(l) and pid \(held.pid)").isSubset(of: [client]))
    }

    @Test func rowsCarryOwnersAndALimitedByNoteOnlyWhenBusy() throws {
        let held = try HeldConnection()
        let listing = try HostListing()
        let rows = try listing.look(try HostFilter.parse(["pid", "\(held.pid)"])).rows
        #expect(rows.count == 3)
        for row in rows {
            #expect(row.ownerText.hasPrefix("\(held.pid)/python3"))
            let line = row.jsonLine
            #expect(line.hasPrefix("{\"state\":"))
            #expect(line.hasSuffix("}\n"))
            #expect(line.contains("\"pid\":\(held.pid)"))
        }
        // The listener never sent anything.
        #expect(rows.first { $0.socket.state == .listen }?.limitedBy == nil)
    }

    @Test func aHostileCommandNameIsEscapedInJSON() async throws {
        // A process may name itself anything (/proc/self/comm): quotes and escape sequences too.
        let peer = try PeerProcess.python("""
            import socket, time
            open('/proc/self/comm', 'w').write('ev"il\\x1b[2J')
            l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen()
            print('PORT', l.getsockname()[1], flush=True)
            time.sleep(60)
            """)
        defer { kill(peer.pid, SIGKILL) }
        let port = try await peer.waitForPort()
        // The kernel resumes a dump by position in its hash chains, so a dump taken while other
        // sockets come and go (the rest of the suite) may skip one: look until it is seen.
        let filter = try HostFilter.parse(["sport", "=", ":\(port)"])
        var rows: [HostRow] = []
        waitUntil(timeout: .seconds(10)) {
            rows = (try? HostListing().look(filter).rows) ?? []
            return rows.count == 1
        }
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        let line = row.jsonLine
        #expect(line.contains(#""command":"ev\"il\u001b[2J""#), "\(line)")
        #expect(!HostRow.describe(row).unicodeScalars.contains { $0.value == 0x1b })
    }
}
