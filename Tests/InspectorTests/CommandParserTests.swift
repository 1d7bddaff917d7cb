import Testing
import TcpModel
@testable import Inspector

/// Good lines and what they parse to: every command, every form, every option.
@Suite struct CommandParserTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private static func line(_ command: Command, try allowFailure: Bool = false, _ target: EntryID? = nil) -> ParsedLine {
        ParsedLine(command: command, allowFailure: allowFailure, target: target)
    }

    static let s2 = EntryID.stream(StreamID(2))
    static let l1 = EntryID.listener(ListenerID(1))

    static let goodLines: [(String, ParsedLine?)] = [
        // Blank lines and comments.
        ("", nil), ("   ", nil), ("\t", nil), ("\n", nil), ("\r\n", nil),
        ("# a comment", nil), ("   # an indented comment", nil), ("#read 5", nil),

        // connect
        ("connect 127.0.0.1:8080", line(.connect(target: "127.0.0.1:8080", timeout: nil))),
        ("connect localhost:80 timeout=2s", line(.connect(target: "localhost:80", timeout: .seconds(2)))),
        ("connect timeout=250ms example.com:443", line(.connect(target: "example.com:443", timeout: .milliseconds(250)))),
        ("CONNECT 10.0.0.1:0 TIMEOUT=1m", line(.connect(target: "10.0.0.1:0", timeout: .seconds(60)))),
        ("connect [::1]:8080", line(.connect(target: "[::1]:8080", timeout: nil))),
        ("connect [fe80::1%eth0]:22", line(.connect(target: "[fe80::1%eth0]:22", timeout: nil))),
        ("connect [::ffff:127.0.0.1]:65535", line(.connect(target: "[::ffff:127.0.0.1]:65535", timeout: nil))),
        ("connect my_host.example-1.org:080", line(.connect(target: "my_host.example-1.org:80", timeout: nil))),
        ("connect l1", line(.connect(target: "l1", timeout: nil))),
        ("connect L2 timeout=1.5s", line(.connect(target: "l2", timeout: .milliseconds(1500)))),
        ("connect \"127.0.0.1:80\"", line(.connect(target: "127.0.0.1:80", timeout: nil))),

        // listen
        ("listen 8080", line(.listen(address: "127.0.0.1:8080"))),
        ("listen 0", line(.listen(address: "127.0.0.1:0"))),
        ("listen *:8080", line(.listen(address: "0.0.0.0:8080"))),
        ("listen [::]:9000", line(.listen(address: "[::]:9000"))),
        ("listen [::1]:1234", line(.listen(address: "[::1]:1234"))),
        ("listen 0.0.0.0:80", line(.listen(address: "0.0.0.0:80"))),
        ("listen localhost:00099", line(.listen(address: "localhost:99"))),
        ("Listen 65535", line(.listen(address: "127.0.0.1:65535"))),

        // select
        ("select s2", line(.select(s2))),
        ("select l1", line(.select(l1))),
        ("SELECT S10", line(.select(.stream(StreamID(10))))),

        // send: the raw rest of the line, escapes, quotes, hex
        ("send hello world", line(.send(SendPayload(bytes("hello world"))))),
        ("send  two spaces", line(.send(SendPayload(bytes(" two spaces"))))),
        ("send  \"x\"", line(.send(SendPayload(bytes("x"))))),
        ("send \t 'x'", line(.send(SendPayload(bytes("x"))))),
        ("send   hex:0d0a", line(.send(SendPayload([0x0D, 0x0A])))),
        ("send trailing ", line(.send(SendPayload(bytes("trailing "))))),
        (#"send GET / HTTP/1.0\r\n\r\n"#, line(.send(SendPayload(bytes("GET / HTTP/1.0\r\n\r\n"))))),
        (#"send "quoted \"text\"\n""#, line(.send(SendPayload(bytes("quoted \"text\"\n"))))),
        ("send \"  padded  \"  ", line(.send(SendPayload(bytes("  padded  "))))),
        (#"send 'literal \n'"#, line(.send(SendPayload(bytes(#"literal \n"#))))),
        ("send hex:0d0a", line(.send(SendPayload([0x0D, 0x0A])))),
        ("send HEX:DE AD", line(.send(SendPayload([0xDE, 0xAD])))),
        ("send hex:\"de ad be ef\"", line(.send(SendPayload([0xDE, 0xAD, 0xBE, 0xEF])))),
        ("send hex:de:ad:be:ef", line(.send(SendPayload([0xDE, 0xAD, 0xBE, 0xEF])))),
        (#"send \x00\xff\e"#, line(.send(SendPayload([0x00, 0xFF, 0x1B])))),
        (#"send \u00e9t\u00E9"#, line(.send(SendPayload(bytes("été"))))),
        ("send héllo", line(.send(SendPayload(bytes("héllo"))))),
        ("send a # not a comment", line(.send(SendPayload(bytes("a # not a comment"))))),
        ("send timeout=2s", line(.send(SendPayload(bytes("timeout=2s"))))),
        ("send \"hex:41\"", line(.send(SendPayload(bytes("hex:41"))))),
        ("send don't", line(.send(SendPayload(bytes("don't"))))),
        ("send\tx", line(.send(SendPayload(bytes("x"))))),
        ("SEND Hi", line(.send(SendPayload(bytes("Hi"))))),
        // Parts: quoted text, hex, files and repeat=, joined in order.
        (#"send "GET / HTTP/1.1\r\n" hex:0d0a"#, line(.send(SendPayload(bytes("GET / HTTP/1.1\r\n\r\n"))))),
        ("send hex:de ad \"x\" 'y'", line(.send(SendPayload([0xDE, 0xAD] + bytes("xy"))))),
        ("send \"a\" file:body.bin hex:0a", line(.send(SendPayload(parts: [.bytes(bytes("a")), .file("body.bin"), .bytes([0x0A])])))),
        ("send file:\"my file\" repeat=3", line(.send(SendPayload(parts: [.file("my file")], repeatCount: 3)))),
        ("send repeat=2 \"ab\"", line(.send(SendPayload(parts: [.bytes(bytes("ab"))], repeatCount: 2)))),
        ("send \"ab\" REPEAT=1000000", line(.send(SendPayload(parts: [.bytes(bytes("ab"))], repeatCount: 1_000_000)))),
        (#"send ping\r\n repeat=3"#, line(.send(SendPayload(parts: [.bytes(bytes("ping\r\n"))], repeatCount: 3)))),
        ("send hex:00 repeat=1073741824", line(.send(SendPayload(parts: [.bytes([0])], repeatCount: 1 << 30)))),

        // read, peek
        ("read", line(.read(nil))),
        ("read 5", line(.read(5))),
        ("read 4k", line(.read(4096))),
        ("read 4KiB", line(.read(4096))),
        ("read 1m", line(.read(1 << 20))),
        ("read 16MiB", line(.read(16 << 20))),
        ("peek", line(.peek(nil))),
        ("peek 10", line(.peek(10))),
        ("PEEK 2K", line(.peek(2048))),

        // set: every option
        ("set nodelay on", line(.set(.nodelay, .flag(true)))),
        ("set nodelay OFF", line(.set(.nodelay, .flag(false)))),
        ("set nodelay true", line(.set(.nodelay, .flag(true)))),
        ("set nodelay false", line(.set(.nodelay, .flag(false)))),
        ("set nodelay yes", line(.set(.nodelay, .flag(true)))),
        ("set nodelay no", line(.set(.nodelay, .flag(false)))),
        ("set nodelay 1", line(.set(.nodelay, .flag(true)))),
        ("set nodelay \"0\"", line(.set(.nodelay, .flag(false)))),
        ("set ttl 64", line(.set(.ttl, .count(64)))),
        ("set ttl 1", line(.set(.ttl, .count(1)))),
        ("set ttl 255", line(.set(.ttl, .count(255)))),
        ("set linger off", line(.set(.linger, .duration(nil)))),
        ("set linger 0s", line(.set(.linger, .duration(.zero)))),
        ("set linger 0", line(.set(.linger, .duration(.zero)))),
        ("set linger 5s", line(.set(.linger, .duration(.seconds(5))))),
        ("set linger 1m", line(.set(.linger, .duration(.seconds(60))))),
        ("set read-timeout 250ms", line(.set(.readTimeout, .duration(.milliseconds(250))))),
        ("set read-timeout off", line(.set(.readTimeout, .duration(nil)))),
        ("set read_timeout 1.5s", line(.set(.readTimeout, .duration(.milliseconds(1500))))),
        ("set write-timeout 2s", line(.set(.writeTimeout, .duration(.seconds(2))))),
        ("set write-timeout Off", line(.set(.writeTimeout, .duration(nil)))),
        ("set nonblocking on", line(.set(.nonblocking, .flag(true)))),
        ("set keepalive on", line(.set(.keepalive, .flag(true)))),
        ("set keepalive-idle 60s", line(.set(.keepaliveIdle, .duration(.seconds(60))))),
        ("set keepalive-idle 2m", line(.set(.keepaliveIdle, .duration(.seconds(120))))),
        ("set keepalive-idle 32767s", line(.set(.keepaliveIdle, .duration(.seconds(32_767))))),
        ("set keepalive-interval 5s", line(.set(.keepaliveInterval, .duration(.seconds(5))))),
        ("set keepalive-interval 2000ms", line(.set(.keepaliveInterval, .duration(.seconds(2))))),
        ("set keepalive-count 9", line(.set(.keepaliveCount, .count(9)))),
        ("set keepalive-count 127", line(.set(.keepaliveCount, .count(127)))),
        ("set rcvbuf 65536", line(.set(.rcvbuf, .size(65_536)))),
        ("set sndbuf 64k", line(.set(.sndbuf, .size(65_536)))),
        ("set rcvbuf 1GiB", line(.set(.rcvbuf, .size(1 << 30)))),
        ("SET TTL 64", line(.set(.ttl, .count(64)))),

        // get
        ("get", line(.get(nil))),
        ("get ttl", line(.get(.ttl))),
        ("get read-timeout", line(.get(.readTimeout))),
        ("GET NODELAY", line(.get(.nodelay))),
        ("get keepalive_count", line(.get(.keepaliveCount))),

        // shutdown
        ("shutdown read", line(.shutdown(.read))),
        ("shutdown write", line(.shutdown(.write))),
        ("shutdown both", line(.shutdown(.both))),
        ("shutdown rd", line(.shutdown(.read))),
        ("shutdown wr", line(.shutdown(.write))),
        ("shutdown rdwr", line(.shutdown(.both))),
        ("SHUTDOWN Both", line(.shutdown(.both))),

        // commands without arguments
        ("clone", line(.clone)),
        ("close", line(.close)),
        ("error", line(.error)),
        ("info", line(.info)),
        ("cancel", line(.cancel)),
        ("s2: cancel", ParsedLine(command: .cancel, target: .stream(StreamID(2)))),
        ("quit", line(.quit)),
        ("q", line(.quit)),
        ("exit", line(.quit)),
        ("  Close  ", line(.close)),

        // forget
        ("forget s3", line(.forget(.stream(StreamID(3))))),
        ("forget closed", line(.forget(.closed))),
        ("FORGET Closed", line(.forget(.closed))),

        // follow
        ("follow on", line(.follow(true))),
        ("follow off", line(.follow(false))),

        // wait
        ("wait readable", line(.wait(.readable, timeout: nil))),
        ("wait bytes 10", line(.wait(.bytes(10), timeout: nil))),
        ("wait bytes 1k timeout=5s", line(.wait(.bytes(1024), timeout: .seconds(5)))),
        ("wait closed timeout=2s", line(.wait(.closed, timeout: .seconds(2)))),
        ("wait accepted", line(.wait(.accepted, timeout: nil))),
        ("wait timeout=100ms readable", line(.wait(.readable, timeout: .milliseconds(100)))),

        // expect
        ("expect text hello", line(.expect(.text(bytes("hello"))))),
        ("expect text two words", line(.expect(.text(bytes("two words"))))),
        (#"expect text "hello\r\n""#, line(.expect(.text(bytes("hello\r\n"))))),
        ("expect text \"\"", line(.expect(.text([])))),
        ("expect text:ok", line(.expect(.text(bytes("ok"))))),
        ("expect text  \"x\"", line(.expect(.text(bytes("x"))))),
        ("expect text   'a b'", line(.expect(.text(bytes("a b"))))),
        ("expect text  hex:00", line(.expect(.text(bytes(" hex:00"))))),
        ("expect received  \"x\"", line(.expect(.received(bytes("x"))))),
        ("expect hex de ad be ef", line(.expect(.hex([0xDE, 0xAD, 0xBE, 0xEF])))),
        ("expect elapsed over 20ms", line(.expect(.elapsed(over: true, .milliseconds(20))))),
        ("expect ELAPSED Under 1.5s", line(.expect(.elapsed(over: false, .milliseconds(1500))))),
        (#"expect received "one\ntwo""#, line(.expect(.received(bytes("one\ntwo"))))),
        ("s1: expect received abc", line(.expect(.received(bytes("abc"))), .stream(StreamID(1)))),
        ("note Nagle held \"b\" back  ", line(.note("Nagle held \"b\" back"))),
        ("expect hex:dead", line(.expect(.hex([0xDE, 0xAD])))),
        ("expect contains 200 OK", line(.expect(.contains(bytes("200 OK"))))),
        (#"expect contains "\r\n\r\n""#, line(.expect(.contains(bytes("\r\n\r\n"))))),
        (#"expect matches ^HTTP/1\.[01] 200\b  "#, line(.expect(.matches(#"^HTTP/1\.[01] 200\b"#)))),
        ("expect MATCHES a b", line(.expect(.matches("a b")))),
        ("expect closed", line(.expect(.closed))),
        ("expect hex:\"de ad\"", line(.expect(.hex([0xDE, 0xAD])))),
        ("EXPECT HEX 0x0d 0x0a", line(.expect(.hex([0x0D, 0x0A])))),

        // sleep
        ("sleep 250ms", line(.sleep(.milliseconds(250)))),
        ("sleep 2s", line(.sleep(.seconds(2)))),
        ("sleep 1.5s", line(.sleep(.milliseconds(1500)))),
        ("sleep 500us", line(.sleep(.microseconds(500)))),
        ("sleep 1µs", line(.sleep(.microseconds(1)))),
        ("sleep 100ns", line(.sleep(.nanoseconds(100)))),
        ("sleep 1m", line(.sleep(.seconds(60)))),
        ("sleep 2m30s", line(.sleep(.seconds(150)))),
        ("sleep 1h", line(.sleep(.seconds(3600)))),
        ("sleep 24h", line(.sleep(.seconds(86_400)))),
        ("sleep 1.5S", line(.sleep(.milliseconds(1500)))),

        // help
        ("help", line(.help(nil))),
        ("help set", line(.help("set"))),
        ("help SET TTL", line(.help("set ttl"))),
        ("?", line(.help(nil))),

        // save, transcript: free text, so `=` is no option and quotes make spaces
        ("save session.tcp", line(.save(path: "session.tcp"))),
        ("save \"my session.tcp\"", line(.save(path: "my session.tcp"))),
        ("save 'a b'", line(.save(path: "a b"))),
        ("save timeout=1.txt", line(.save(path: "timeout=1.txt"))),
        (#"save "tab\there""#, line(.save(path: "tab\there"))),
        ("transcript out.jsonl", line(.transcript(path: "out.jsonl"))),
        ("transcript off", line(.transcript(path: nil))),
        ("transcript OFF", line(.transcript(path: nil))),
        ("transcript \"off\"", line(.transcript(path: "off"))),
        // `overwrite` after the name replaces an existing file; alone, or quoted, it is a name
        ("save session.tcp overwrite", line(.save(path: "session.tcp", overwrite: true))),
        ("save a OVERWRITE", line(.save(path: "a", overwrite: true))),
        ("save overwrite", line(.save(path: "overwrite"))),
        ("save \"overwrite\" overwrite", line(.save(path: "overwrite", overwrite: true))),
        ("transcript out.jsonl overwrite", line(.transcript(path: "out.jsonl", overwrite: true))),
        ("transcript \"off\" overwrite", line(.transcript(path: "off", overwrite: true))),

        // try and target prefixes
        ("try read 5", line(.read(5), try: true)),
        ("TRY close", line(.close, try: true)),
        ("s2: read 5", line(.read(5), s2)),
        ("s2:read 5", line(.read(5), s2)),
        ("l1: close", line(.close, l1)),
        ("l1: wait accepted timeout=1s", line(.wait(.accepted, timeout: .seconds(1)), l1)),
        ("try s2: send hi there", line(.send(SendPayload(bytes("hi there"))), try: true, s2)),
        ("  try   S2:  set nodelay on  ", line(.set(.nodelay, .flag(true)), try: true, s2)),

        // line breaks at the end are not part of the line
        ("read 5\r\n", line(.read(5))),
        ("send hi\n", line(.send(SendPayload(bytes("hi"))))),
    ]

    @Test func goodLinesParse() throws {
        for (text, expected) in Self.goodLines {
            let parsed: ParsedLine
            do {
                parsed = try CommandParser.parse(text)
            } catch {
                Issue.record("\(text.debugDescription) failed: \(error.message)")
                continue
            }
            #expect(parsed == (expected ?? ParsedLine(command: nil)), "\(text.debugDescription)")
        }
    }

    /// The canonical script form of every good line parses back to the same value, so saved
    /// sessions replay exactly.
    @Test func descriptionsParseBack() throws {
        for (text, expected) in Self.goodLines {
            guard let expected, expected.command != nil else { continue }
            let written = expected.description
            let reparsed = try CommandParser.parse(written)
            #expect(reparsed == expected, "\(text.debugDescription) written as \(written.debugDescription)")
        }
    }

    @Test func descriptionsOfUnusualValuesParseBack() throws {
        let commands: [Command] = [
            .send(SendPayload(Array(0...255))),
            .send(SendPayload([0x00, 0x0D, 0x0A])),
            .send(SendPayload(Array("\"quoted\" \\ back".utf8))),
            .send(SendPayload(Array("hex:41".utf8))),
            .send(SendPayload(Array("  spaced  ".utf8))),
            .send(SendPayload(Array("#x".utf8))),
            .send(SendPayload([0xDE, 0xAD])),
            .send(SendPayload(parts: [.bytes(Array("GET /\r\n".utf8)), .file("a b/\u{1b}x"), .bytes([0xFF, 0x00])], repeatCount: 7)),
            .send(SendPayload(parts: [.file("off"), .file("x.bin")])),
            .expect(.text(Array(0...255))),
            .expect(.text([])),
            .save(path: "off"),
            .save(path: "with space/\"q\"\\é"),
            .save(path: "#hash"),
            .transcript(path: "OFF"),
            .save(path: "overwrite", overwrite: true),
            .save(path: "x", overwrite: true),
            .transcript(path: "off", overwrite: true),
            .help("set ttl"),
            .sleep(.nanoseconds(86_399_999_999_999)),
            .set(.readTimeout, .duration(.nanoseconds(1_500))),
            .connect(target: "[::1]:80", timeout: .nanoseconds(1)),
        ]
        for command in commands {
            let reparsed = try CommandParser.parse(command.description)
            #expect(reparsed.command == command, "\(command.description.debugDescription)")
        }
    }

    @Test func entryIDs() {
        #expect(EntryID("s3") == .stream(StreamID(3)))
        #expect(EntryID("L12") == .listener(ListenerID(12)))
        for bad in ["", "s", "l", "s0", "l0", "s01", "x1", "s-1", "s+1", "s 1", "s1 ", "s1a", "ss1", "s99999999999999999999", "s١"] {
            #expect(EntryID(bad) == nil, "\(bad.debugDescription)")
        }
        #expect(EntryID.stream(StreamID(3)).description == "s3")
        #expect(EntryID.listener(ListenerID(1)).description == "l1")
        #expect(StreamID(2) < StreamID(10))
        #expect(ListenerID(1) < ListenerID(2))
    }

    @Test func attachTakesPidColonFdOrAnInode() throws {
        #expect(try CommandParser.parse("attach 1234:5").command == .attach(.descriptor(pid: 1234, fd: 5)))
        #expect(try CommandParser.parse("attach 98765").command == .attach(.inode(98765)))
        #expect(try CommandParser.parse("s2: allow-write").command == .allowWrite)
        #expect(Command.attach(.descriptor(pid: 7, fd: 0)).description == "attach 7:0")
        for bad in ["attach", "attach 0:5", "attach x:5", "attach 12:-1", "attach 1:2:3", "attach 0", "attach s1", "s1: attach 1:2"] {
            #expect(throws: CommandError.self, "\(bad)") { try CommandParser.parse(bad) }
        }
        var message = ""
        do throws(CommandError) { _ = try CommandParser.parse("attach 1:x") } catch { message = error.message }
        #expect(message.contains("PID:FD such as 1234:5"), "\(message)")
    }

    @Test func relayAndJoinCommandsParse() throws {
        #expect(try CommandParser.parse("relay 8080 127.0.0.1:80").command == .relay(listen: "127.0.0.1:8080", upstream: "127.0.0.1:80"))
        #expect(try CommandParser.parse("relay *:0 example.com:443").command == .relay(listen: "0.0.0.0:0", upstream: "example.com:443"))
        #expect(try CommandParser.parse("relay 0 l2").command == .relay(listen: "127.0.0.1:0", upstream: "l2"))
        #expect(throws: CommandError.self) { try CommandParser.parse("relay 0 s2") }
        #expect(try CommandParser.parse("s1: join s3").command == .join(StreamID(3)))
        #expect(try CommandParser.parse("unjoin").command == .unjoin)
        #expect(try CommandParser.parse("hold on").command == .hold(true))
        #expect(try CommandParser.parse("s2: hold off").command == .hold(false))
        #expect(try CommandParser.parse("step 5").command == .step(5))
        #expect(try CommandParser.parse("drop 1KiB").command == .drop(1024))
        #expect(try CommandParser.parse("delay 250ms").command == .delay(.milliseconds(250)))
        #expect(try CommandParser.parse("delay off").command == .delay(nil))
        #expect(try CommandParser.parse("rate 64KiB").command == .rate(65536))
        #expect(try CommandParser.parse("rate 1MiB/s").command == .rate(1 << 20))
        #expect(try CommandParser.parse("rate off").command == .rate(nil))
        for command in [Command.relay(listen: "127.0.0.1:0", upstream: "[::1]:80"), .join(StreamID(2)), .unjoin, .hold(true), .step(3), .drop(9),
                        .delay(.milliseconds(20)), .delay(nil), .rate(100), .rate(nil)] {
            #expect(try CommandParser.parse(command.description).command == command, "\(command)")
        }
        for bad in ["relay", "relay 0", "relay 0 80", "relay 0 host:99999", "relay x 127.0.0.1:1", "s1: relay 0 127.0.0.1:1",
                    "join", "join l1", "join 3", "hold", "hold maybe", "step", "step 0", "drop -1", "unjoin s2",
                    "delay", "delay soon", "delay 5 s", "rate", "rate 0", "rate fast", "rate 2GiB"] {
            #expect(throws: CommandError.self, "\(bad)") { try CommandParser.parse(bad) }
        }
    }

    @Test func grammarCoversEveryCommand() {
        #expect(CommandParser.commandNames == [
            "connect", "listen", "select", "send", "read", "peek", "cancel", "set", "get", "shutdown", "clone", "close",
            "forget", "error", "follow", "info", "starttls", "attach", "allow-write", "abort", "relay", "join", "unjoin", "hold", "step",
            "drop", "delay", "rate", "wait", "expect", "note", "sleep", "help", "save",
            "transcript", "quit",
        ])
        #expect(CommandParser.grammar.count == CommandParser.commandNames.count)
        for (name, row) in zip(CommandParser.commandNames, CommandParser.grammar) {
            #expect(row.usage.hasPrefix(name), "\(name)")
            #expect(!row.summary.isEmpty)
            #expect(CommandParser.usage(of: name) == row.usage)
        }
        #expect(CommandParser.usage(of: "READ") == "read [N]")
        #expect(CommandParser.usage(of: "q") == "quit")
        #expect(CommandParser.usage(of: "frobnicate") == nil)
    }

    @Test func lineLengthLimit() throws {
        let longest = "send " + String(repeating: "a", count: CommandParser.maximumLineLength - 5)
        #expect(try CommandParser.parse(longest).command == .send(SendPayload(Array(repeating: UInt8(ascii: "a"), count: 65_531))))
        let tooLong = longest + "a"
        #expect(throws: CommandError(message: "line too long: 65537 bytes (expected at most 65536)")) {
            try CommandParser.parse(tooLong)
        }
    }
}
