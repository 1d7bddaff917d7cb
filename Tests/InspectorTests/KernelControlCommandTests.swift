import Testing
import TcpModel
import TestSupport
@testable import Inspector

/// The new controls through the command language: parsed, run against real loopback sockets,
/// read back as the kernel reports, refused with the errno name and the call.
@Suite("Kernel control commands")
struct KernelControlCommandTests {
    @Test func newFormsParseAndWriteBackTheSameLine() throws {
        let cases: [(String, Command)] = [
            ("set user-timeout 3s", .set(.userTimeout, .duration(.seconds(3)))),
            ("set user_timeout off", .set(.userTimeout, .duration(nil))),
            ("set cork on", .set(.cork, .flag(true))),
            ("set notsent-lowat 16k", .set(.notsentLowat, .size(16384))),
            ("set notsent-lowat 0", .set(.notsentLowat, .size(0))),
            ("set congestion reno", .set(.congestion, .name("reno"))),
            ("set tos 184", .set(.tos, .count(184))),
            ("set maxseg 10", .set(.maxseg, .count(10))),
            ("set reuseport on", .set(.reuseport, .flag(true))),
            ("connect 127.0.0.1:80 from=127.0.0.2:0", .connect(target: "127.0.0.1:80", timeout: nil, from: "127.0.0.2:0")),
            ("connect l1 timeout=2s from=[::1]:0", .connect(target: "l1", timeout: .seconds(2), from: "[::1]:0")),
            ("listen 0 backlog=4", .listen(address: "127.0.0.1:0", backlog: 4)),
            ("listen 0 reuseaddr=off reuseport=on", .listen(address: "127.0.0.1:0", reuseAddress: false, reusePort: true)),
            ("listen l2", .listen(address: "l2")),
            ("listen 0 backlog=1 accept=off", .listen(address: "127.0.0.1:0", backlog: 1, accepting: false)),
        ]
        for (text, command) in cases {
            let parsed = try CommandParser.parse(text).command
            #expect(parsed == command, "\(text)")
            #expect(try CommandParser.parse(command.description).command == command, "\(command.description)")
        }
    }

    @Test func badValuesAreRefusedNamingWhatWasWrong() {
        let cases: [(String, String)] = [
            ("set tos 256", "'256' is out of range (expected 0...255)"),
            ("set congestion abcdefghijklmnop", "cannot be a congestion control name"),
            ("set congestion c$", "cannot be a congestion control name"),
            ("set user-timeout 600h", "'600h' is too long"),
            ("connect 127.0.0.1:80 from=localhost:0", "'localhost:0' is not a numeric local address"),
            ("listen 0 backlog=-1", "'-1' is not a backlog"),
            ("listen 0 reuseaddr=maybe", "'maybe' is not on or off (expected reuseaddr=on|off)"),
            ("listen 0 backlog=1 backlog=2", "'backlog=' is given twice"),
            ("listen 0 timeout=1s", "option 'timeout=' does not apply"),
            ("listen s1", "'s1' is a stream, not a listener"),
        ]
        for (text, message) in cases {
            do {
                _ = try CommandParser.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.message.contains(message), "\(text): \(error.message)")
            }
        }
        do {
            _ = try CommandParser.parse("set congestion abcdefghijklmnop")
        } catch {
            #expect(error.message.contains("allowed here: " + CongestionControl.allowed().joined(separator: " ")), "\(error.message)")
        }
    }

    @Test func eachControlReadsBackAsTheKernelReports() {
        let session = Session()
        ok(session, "listen 0")
        ok(session, "connect l1")
        #expect(ok(session, "set user-timeout 2500ms").message == "s1 user-timeout = 2.5s")
        #expect(ok(session, "set cork on").message == "s1 cork = on")
        #expect(ok(session, "set notsent-lowat 16k").message == "s1 notsent-lowat = 16384")
        #expect(ok(session, "set congestion reno").message == "s1 congestion = reno")
        #expect(ok(session, "set tos 3").message == "s1 tos = 0", "the ECN bits are the kernel's")
        #expect(ok(session, "set reuseport on").message == "s1 reuseport = on")
        let all = ok(session, "get").message
        for pair in ["user-timeout=2.5s", "cork=on", "notsent-lowat=16384", "congestion=reno", "tos=0", "reuseport=on"] {
            #expect(all.contains(pair), "\(all)")
        }
        let options = session.snapshot().stream(1)?.options
        #expect(options?[.congestion] == .value(.name("reno")))
        #expect(options?[.cork] == .value(.flag(true)))
        let refused = fails(session, "set congestion no-such-cc")
        #expect(refused.contains("ENOENT") && refused.contains("setsockopt(TCP_CONGESTION)"), "\(refused)")
        #expect(refused.contains("allowed here:"), "\(refused)")
        let einval = fails(session, "set maxseg 10")
        #expect(einval.contains("EINVAL") && einval.contains("setsockopt(TCP_MAXSEG) to 10"), "\(einval)")
    }

    @Test func listenerControlsReachTheStreamsItAccepts() {
        let session = Session()
        ok(session, "listen 0 backlog=4")
        #expect(ok(session, "set maxseg 1000").message == "l1 maxseg = 1000")
        #expect(ok(session, "set tos 184").message == "l1 tos = 184")
        ok(session, "connect l1")
        let server = ok(session, "s2: get").message
        #expect(server.contains("tos=184"), "accepted streams inherit the listener's TOS: \(server)")
        let client = ok(session, "s1: get maxseg").message
        let mss = Int(client.split(separator: "=").last ?? "") ?? 0
        #expect(mss > 0 && mss <= 1000, "the SYN-ACK advertised 1000: \(client)")
    }

    @Test func connectFromAndListenAgainWhereAListenerWas() {
        let session = Session()
        ok(session, "listen 0")
        let connected = ok(session, "connect l1 from=127.0.0.2:0").message
        #expect(connected.contains("127.0.0.2:"), "\(connected)")
        let clientAddress = session.snapshot().stream(1)?.local?.description ?? "?"
        let inUse = fails(session, "connect l1 from=\(clientAddress)")
        #expect(inUse.contains("EADDRINUSE") && inUse.contains("in bind to \(clientAddress)"), "\(inUse)")
        let port = session.snapshot().listeners[ListenerID(1)]?.local?.port
        // The server closes first, so its end waits in TIME_WAIT on the listener's port.
        ok(session, "s2: close")
        ok(session, "s1: wait closed")
        ok(session, "s1: close")
        ok(session, "l1: close")
        let refused = fails(session, "listen l1 reuseaddr=off")
        #expect(refused.contains("EADDRINUSE") && refused.contains("in bind to 127.0.0.1:"), "\(refused)")
        let again = ok(session, "listen l1").message
        #expect(port.map { again.contains(":\($0)") } == true, "\(again)")
        #expect(fails(session, "listen l9").contains("l9 never listened"))
    }
}
