import Testing
import TcpModel
@testable import Inspector

@Suite struct CommandCompletionTests {
    static let ids = ["s1", "s2", "l1"]

    static func complete(_ line: String) -> [String] {
        CommandParser.completions(for: line, streamIDs: ids)
    }

    @Test func commandNamesAtTheStart() {
        #expect(Self.complete("") == CommandParser.commandNames + ["s1:", "s2:", "l1:"])
        #expect(Self.complete("se") == ["select", "send", "set"])
        #expect(Self.complete("SH") == ["shutdown"])
        #expect(Self.complete("s") == ["select", "send", "read", "set", "shutdown", "starttls", "step", "sleep", "save", "s1:", "s2:"]
            .filter { $0.hasPrefix("s") })
        #expect(Self.complete("try re") == ["read", "relay"])
        #expect(Self.complete("s2: re") == ["read"], "relay takes no target")
        #expect(Self.complete("join ") == ["s1", "s2"])
        #expect(Self.complete("s1: hold o") == ["on", "off"])
        #expect(Self.complete("s2: re") == ["read"])
        #expect(Self.complete("s2:re") == ["s2:read"])
        #expect(Self.complete("s2: qu") == [], "quit takes no target")
        #expect(Self.complete("l") == ["listen", "l1:"])
        #expect(Self.complete("frob") == [])
    }

    @Test func argumentsAfterTheCommand() {
        #expect(Self.complete("set ") == SocketOptionName.allCases.map(\.rawValue))
        #expect(Self.complete("set no") == ["nodelay", "nonblocking", "notsent-lowat"])
        #expect(Self.complete("get keep") == ["keepalive", "keepalive-idle", "keepalive-interval", "keepalive-count"])
        #expect(Self.complete("set nodelay ") == ["on", "off"])
        #expect(Self.complete("set nodelay o") == ["on", "off"])
        #expect(Self.complete("set nodelay of") == ["off"])
        #expect(Self.complete("set linger ") == ["off"])
        #expect(Self.complete("set ttl ") == [])
        #expect(Self.complete("shutdown ") == ["read", "write", "both"])
        #expect(Self.complete("shutdown w") == ["write"])
        #expect(Self.complete("follow ") == ["on", "off"])
        #expect(Self.complete("wait ") == ["readable", "bytes", "closed", "accepted", "joined"])
        #expect(Self.complete("wait readable ") == ["timeout="])
        #expect(Self.complete("wait bytes ") == [])
        #expect(Self.complete("wait readable timeout=1s ") == [])
        #expect(Self.complete("connect ") == ["l1", "tls://"])
        #expect(Self.complete("connect 127.0.0.1:80 t") == ["timeout="])
        #expect(Self.complete("connect 127.0.0.1:80 timeout=1s ") == ["from="])
        #expect(Self.complete("listen 0 re") == ["reuseaddr=", "reuseport="])
        #expect(Self.complete("listen 0 backlog=4 ") == ["reuseaddr=", "reuseport=", "accept="])
        #expect(Self.complete("set cork ") == ["on", "off"])
        #expect(Self.complete("set user-timeout ") == ["off"])
        #expect(Self.complete("set congestion ") == CongestionControl.allowed())
        #expect(Self.complete("select ") == ["s1", "s2", "l1"])
        #expect(Self.complete("select s") == ["s1", "s2"])
        #expect(Self.complete("forget ") == ["s1", "s2", "closed"], "streams only: a closed listener is not kept")
        #expect(Self.complete("forget c") == ["closed"])
        #expect(Self.complete("expect ") == ["text", "hex", "contains", "matches", "closed", "error", "elapsed", "received"])
        #expect(Self.complete("expect elapsed ") == ["over", "under"])
        #expect(Self.complete("expect elapsed u") == ["under"])
        #expect(Self.complete("note ") == [])
        #expect(Self.complete("transcript ") == ["off"])
        #expect(Self.complete("transcript t.jsonl ") == ["overwrite"])
        #expect(Self.complete("transcript off ") == [])
        #expect(Self.complete("save s.tcps o") == ["overwrite"])
        #expect(Self.complete("help sh") == ["shutdown"])
        #expect(Self.complete("try s2: set nodelay o") == ["on", "off"])
        #expect(Self.complete("s1:set ttl") == ["ttl"])
        #expect(Self.complete("set ttl 64 ") == [])
    }

    @Test func nothingInsideFreeText() {
        #expect(Self.complete("send ") == [])
        #expect(Self.complete("send \"se") == [])
        #expect(Self.complete("save 'my fi") == [])
        #expect(Self.complete("# se") == [])
        #expect(Self.complete("frobnicate ") == [])
    }
}
