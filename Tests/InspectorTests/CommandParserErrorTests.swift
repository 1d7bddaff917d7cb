import Testing
@testable import Inspector

/// Malformed lines and the one error each gives, word for word: every message names the
/// offending token and what was expected.
@Suite struct CommandParserErrorTests {
    static let hostPort = "HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"
    static let connectUsage = "connect HOST:PORT|tls://HOST:PORT|[tls://]LISTENER [timeout=DUR] [from=ADDR:PORT] [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE]"
    static let anID = "an id such as s2 or l1"
    static let expectKinds = "text, hex, contains, matches, closed, error, elapsed or received"
    static let expectUsage = "expect text|hex|contains|matches|closed|error|elapsed|received ..."
    static let hexPairs = "pairs of hex digits such as 0d0a or de ad"
    static let sendPart = #""TEXT", 'TEXT', hex:HEX, file:PATH or repeat=N"#
    static let aDuration = "a duration such as 2s, 250ms or 1m30s"
    static let aByteCount = "a number of bytes such as 4096, 4k or 1MiB"
    static let optionNames = "nodelay, quickack, ttl, linger, read-timeout, write-timeout, nonblocking, keepalive, keepalive-idle, "
        + "keepalive-interval, keepalive-count, rcvbuf, sndbuf, user-timeout, cork, notsent-lowat, congestion, tos, maxseg, reuseport"
    static let escapes = #"\r \n \t \0 \\ \" \' \a \b \e \f \v \xHH \uXXXX"#

    static let malformed: [(line: String, message: String)] = [
        // The command word and the line's structure
        ("frobnicate", "unknown command 'frobnicate' (try 'help')"),
        ("conect 127.0.0.1:80", "unknown command 'conect', did you mean 'connect'? (try 'help')"),
        ("raed", "unknown command 'raed', did you mean 'read'? (try 'help')"),
        ("\"abc", "unterminated double quote at column 1 (expected a closing \")"),
        ("try", "try: missing command (expected try COMMAND)"),
        ("try   ", "try: missing command (expected try COMMAND)"),
        (": read", "target prefix: empty id before ':' (expected an id such as s2: or l1: before the command)"),
        (":read", "target prefix: empty id before ':' (expected an id such as s2: or l1: before the command)"),
        ("x1: read", "target prefix: 'x1' is not an id (expected an id such as s2: or l1: before the command)"),
        ("s0: read", "target prefix: 's0' is not an id: numbers start at 1 (expected an id such as s2: or l1: before the command)"),
        ("s2:", "s2: missing command after the target prefix (expected s2: COMMAND)"),
        ("s2: try read", "'try' must come before the target prefix (expected try s2: COMMAND)"),
        ("s2: l1: read", "unexpected second target prefix 'l1:' (expected one ID: before the command)"),
        ("s2: quit", "quit: a target prefix does not apply (expected quit)"),
        ("l1: connect 127.0.0.1:80", "connect: a target prefix does not apply (expected \(connectUsage))"),
        ("read 5 # no comments after commands", "read: unexpected '#' (expected read [N])"),

        // connect
        ("connect", "connect: missing address (expected \(connectUsage))"),
        ("connect timeout=2s", "connect: missing address (expected \(connectUsage))"),
        ("connect example.com", "connect: 'example.com' has no port (expected \(hostPort))"),
        ("connect example.com:", "connect: 'example.com:' has no port (expected \(hostPort))"),
        ("connect :80", "connect: ':80' has no host (expected \(hostPort))"),
        ("connect ::1:80", "connect: '::1:80' needs brackets around its IPv6 address (expected [V6]:PORT, e.g. [::1]:8080)"),
        ("connect [::1]", "connect: '[::1]' has no port (expected \(hostPort))"),
        ("connect [::1:80", "connect: '[::1:80' has no closing ']' (expected \(hostPort))"),
        ("connect [example.com]:80", "connect: '[example.com]:80' has no IPv6 address in its brackets (expected \(hostPort))"),
        ("connect *:80", "connect: '*' is not a host name or address (expected \(hostPort))"),
        ("connect host:65536", "connect: port '65536' is out of range (expected 0...65535)"),
        ("connect host:99999999999999999999", "connect: port '99999999999999999999' is out of range (expected 0...65535)"),
        ("connect host:http", "connect: port 'http' is not a number (expected 0...65535)"),
        ("connect host:-1", "connect: port '-1' is not a number (expected 0...65535)"),
        ("connect s1", "connect: 's1' is a stream, not a listener (expected HOST:PORT or a listener id such as l1)"),
        ("connect l0", "connect: 'l0' is not an id: numbers start at 1 (expected \(anID))"),
        ("connect a:1 b:2", "connect: unexpected 'b:2' (expected \(connectUsage))"),
        ("connect a:1 timout=2s", "connect: unknown option 'timout=', did you mean 'timeout='? (expected \(connectUsage))"),
        ("connect a:1 timeout=", "connect: 'timeout=' needs a duration (expected timeout=DUR, e.g. timeout=2s)"),
        ("connect a:1 timeout=5", "connect: '5' has no unit (expected a unit, e.g. 5s or 5ms)"),
        ("connect a:1 timeout=0s", "connect: '0s' must be greater than zero (expected \(aDuration))"),
        ("connect a:1 timeout=1s timeout=2s", "connect: 'timeout=' is given twice (expected \(connectUsage))"),

        // listen
        ("listen", "listen: missing port (expected listen [HOST:]PORT|tls:[HOST:]PORT|LISTENER [backlog=N] [reuseaddr=on|off] [reuseport=on|off] [accept=on|off] [cert=FILE key=FILE|selfsigned] [ca=FILE])"),
        ("listen :8080", "listen: ':8080' has no host (expected PORT for loopback or *:PORT for all interfaces)"),
        ("listen 70000", "listen: port '70000' is out of range (expected 0...65535)"),
        ("listen *:", "listen: '*:' has no port (expected \(hostPort))"),
        ("listen 80 81", "listen: unexpected '81' (expected listen [HOST:]PORT|tls:[HOST:]PORT|LISTENER [backlog=N] [reuseaddr=on|off] [reuseport=on|off] [accept=on|off] [cert=FILE key=FILE|selfsigned] [ca=FILE])"),

        // forget
        ("forget", "forget: missing ID or closed (expected forget ID|closed)"),
        ("forget all", "forget: 'all' is neither a stream id nor closed (expected a stream id such as s2, or closed)"),
        ("forget l1", "forget: 'l1' is a listener: a closed listener is not kept (expected a stream id such as s2, or closed)"),
        ("forget s0", "forget: 's0' is not an id: numbers start at 1 (expected \(anID))"),
        ("forget s1 s2", "forget: unexpected 's2' (expected forget ID|closed)"),

        // select: unknown ids
        ("select", "select: missing id (expected select ID)"),
        ("select s0", "select: 's0' is not an id: numbers start at 1 (expected \(anID))"),
        ("select x1", "select: 'x1' is not an id (expected \(anID))"),
        ("select s-1", "select: 's-1' is not an id (expected \(anID))"),
        ("select s01", "select: 's01' is not an id: no leading zeros (expected \(anID))"),
        ("select s99999999999999999999", "select: 's99999999999999999999' is not an id: the number is too large (expected \(anID))"),
        ("select s1 s2", "select: unexpected 's2' (expected select ID)"),

        // send: bad hex, bad escapes, quotes
        ("send", "send: nothing to send (expected TEXT, hex:HEX or file:PATH)"),
        ("send ", "send: nothing to send (expected TEXT, hex:HEX or file:PATH)"),
        ("send \"\"", "send: nothing to send (expected TEXT, hex:HEX or file:PATH)"),
        ("send hex:", "send: no hex digits (expected \(hexPairs))"),
        ("send hex:zz", "send: 'z' is not a hex digit at column 10 (expected \(hexPairs))"),
        ("send hex:abc", "send: lone hex digit 'c' at column 12 (expected two hex digits for each byte)"),
        ("send hex:a bc", "send: lone hex digit 'a' at column 10 (expected two hex digits for each byte)"),
        ("send hex:\"de ad", "send: unterminated double quote at column 10 (expected a closing \")"),
        ("send hex:\"de\" ad", "send: unexpected 'ad' (expected \(sendPart); text among other parts is quoted)"),
        (#"send a\q"#, #"send: unknown escape '\q' at column 7 (expected one of \#(escapes))"#),
        (#"send \x4"#, #"send: bad escape '\x4' at column 6 (expected \xHH with exactly two hex digits)"#),
        (#"send \x4g"#, #"send: bad escape '\x4g' at column 6 (expected \xHH with exactly two hex digits)"#),
        (#"send \u12"#, #"send: bad escape '\u12' at column 6 (expected \uXXXX with exactly four hex digits)"#),
        (#"send \ud800"#, #"send: surrogate '\ud800' is not a character at column 6 (expected \uXXXX outside D800...DFFF)"#),
        (#"send abc\"#, #"send: lone backslash at column 9 (expected \\ for a backslash)"#),
        (#"send "a\qb""#, #"send: unknown escape '\q' at column 8 (expected one of \#(escapes))"#),
        ("send \"abc", "send: unterminated double quote at column 6 (expected a closing \")"),
        ("send 'abc", "send: unterminated single quote at column 6 (expected a closing ')"),
        ("send \"abc\" def", "send: unexpected 'def' (expected \(sendPart); text among other parts is quoted)"),
        ("send \"abc\"def", "send: unexpected 'def' after the closing quote (expected a blank between parts: \(sendPart))"),
        ("send file:", "send: 'file:' needs a path (expected file:PATH, e.g. file:request.bin)"),
        ("send \"a\" file: x", "send: 'file:' needs a path (expected file:PATH, e.g. file:request.bin)"),
        ("send \"a\" repeat=0", "send: 'repeat=0' is out of range (expected repeat=N with N in 1...1073741824)"),
        ("send \"a\" repeat=x", "send: 'repeat=x' is not a count (expected repeat=N, e.g. repeat=1000)"),
        ("send \"a\" repeat=2 repeat=3", "send: 'repeat=' is given twice (expected one repeat=N)"),
        ("send hi repeat=-1", "send: 'repeat=-1' is out of range (expected repeat=N with N in 1...1073741824)"),
        ("send \"ab\" repeat=1073741824", "send: 2 bytes × 1073741824 is more than the 1 GiB one send may write (expected a smaller repeat=N)"),
        ("send \"\" repeat=5", "send: nothing to send (expected TEXT, hex:HEX or file:PATH)"),

        // read, peek
        ("read 0", "read: '0' is out of range (expected 1...16MiB)"),
        ("read 17m", "read: '17m' is out of range (expected 1...16MiB)"),
        ("read 99999999999999999999", "read: '99999999999999999999' is out of range (expected 1...16MiB)"),
        ("read 9999999999999999k", "read: '9999999999999999k' is out of range (expected 1...16MiB)"),
        ("read -1", "read: '-1' is negative (expected 1...16MiB)"),
        ("read abc", "read: 'abc' is not a byte count (expected \(aByteCount))"),
        ("read 1.5k", "read: '1.5k' is not a whole number of bytes (expected \(aByteCount))"),
        ("read 4x", "read: '4x' has an unknown suffix 'x' (expected k, KiB, m, MiB, g or GiB)"),
        ("read 5 extra", "read: unexpected 'extra' (expected read [N])"),
        ("read timeout=2s", "read: option 'timeout=' does not apply (expected read [N])"),
        ("peek 0", "peek: '0' is out of range (expected 1...16MiB)"),
        ("peek 1 2", "peek: unexpected '2' (expected peek [N])"),

        // set, get
        ("set", "set: missing option name (expected set OPTION VALUE, OPTION one of \(optionNames))"),
        ("set foo on", "set: unknown option 'foo', did you mean 'tos'? (expected one of \(optionNames))"),
        ("set nodely on", "set: unknown option 'nodely', did you mean 'nodelay'? (expected one of \(optionNames))"),
        ("set nodelay", "set nodelay: missing value (expected set nodelay on|off)"),
        ("set nodelay maybe", "set nodelay: 'maybe' is not on or off (expected on|off)"),
        ("set nodelay on extra", "set nodelay: unexpected 'extra' (expected set nodelay on|off)"),
        ("set ttl", "set ttl: missing value (expected set ttl N)"),
        ("set ttl 300", "set ttl: '300' is out of range (expected 1...255)"),
        ("set ttl 0", "set ttl: '0' is out of range (expected 1...255)"),
        ("set ttl -5", "set ttl: '-5' is out of range (expected 1...255)"),
        ("set ttl abc", "set ttl: 'abc' is not a number (expected 1...255)"),
        ("set ttl 99999999999999999999", "set ttl: '99999999999999999999' is out of range (expected 1...255)"),
        ("set keepalive-count 128", "set keepalive-count: '128' is out of range (expected 1...127)"),
        ("set linger 1.5s", "set linger: '1.5s' is not a whole number of seconds (expected off or whole seconds, e.g. 0s or 5s)"),
        ("set linger -1s", "set linger: '-1s' is negative (expected off or 0s or more)"),
        ("set linger", "set linger: missing value (expected set linger off|DUR)"),
        ("set read-timeout 0s", "set read-timeout: '0s' must be greater than zero (expected off or \(aDuration))"),
        ("set read-timeout soon", "set read-timeout: 'soon' is not a duration (expected off or \(aDuration))"),
        ("set read-timeout 5 s", "set read-timeout: '5 s' has a space before its unit (expected '5s')"),
        ("set write-timeout 5", "set write-timeout: '5' has no unit (expected off or a unit, e.g. 5s or 5ms)"),
        ("set keepalive-idle off", "set keepalive-idle: 'off' is not a duration (expected \(aDuration))"),
        ("set keepalive-idle 1.5s", "set keepalive-idle: '1.5s' is not a whole number of seconds (expected whole seconds, 1s...32767s)"),
        ("set keepalive-idle 500ms", "set keepalive-idle: '500ms' is not a whole number of seconds (expected whole seconds, 1s...32767s)"),
        ("set keepalive-interval 10h", "set keepalive-interval: '10h' is out of range (expected 1s...32767s)"),
        ("set rcvbuf 0", "set rcvbuf: '0' is out of range (expected 1...1GiB)"),
        ("set sndbuf 2g", "set sndbuf: '2g' is out of range (expected 1...1GiB)"),
        ("set rcvbuf lots", "set rcvbuf: 'lots' is not a byte count (expected \(aByteCount))"),
        ("get foo", "get: unknown option 'foo', did you mean 'tos'? (expected one of \(optionNames))"),
        ("get tll", "get: unknown option 'tll', did you mean 'ttl'? (expected one of \(optionNames))"),
        ("get ttl nodelay", "get: unexpected 'nodelay' (expected get [OPTION])"),

        // shutdown, follow, no-argument commands
        ("shutdown", "shutdown: missing direction (expected shutdown read|write|both)"),
        ("shutdown up", "shutdown: 'up' is not a direction (expected shutdown read|write|both)"),
        ("shutdown reed", "shutdown: 'reed' is not a direction, did you mean 'read'? (expected shutdown read|write|both)"),
        ("shutdown read write", "shutdown: unexpected 'write' (expected shutdown read|write|both)"),
        ("follow", "follow: missing on or off (expected follow on|off)"),
        ("follow maybe", "follow: 'maybe' is not on or off (expected follow on|off)"),
        ("clone 2", "clone: unexpected '2' (expected clone)"),
        ("close now", "close: unexpected 'now' (expected close)"),
        ("error x", "error: unexpected 'x' (expected error)"),
        ("info extra", "info: unexpected 'extra' (expected info)"),
        ("quit now", "quit: unexpected 'now' (expected quit)"),

        // wait
        ("wait", "wait: missing condition (expected wait readable|bytes N|closed|accepted|joined [timeout=DUR])"),
        ("wait foo", "wait: 'foo' is not a condition (expected wait readable|bytes N|closed|accepted|joined [timeout=DUR])"),
        ("wait closd", "wait: 'closd' is not a condition, did you mean 'closed'? (expected wait readable|bytes N|closed|accepted|joined [timeout=DUR])"),
        ("wait bytes", "wait: missing byte count (expected wait bytes N [timeout=DUR])"),
        ("wait bytes 0", "wait: '0' is out of range (expected 1...16MiB)"),
        ("wait readable 5", "wait: unexpected '5' (expected wait readable|bytes N|closed|accepted|joined [timeout=DUR])"),
        ("wait readable timeout=forever", "wait: 'forever' is not a duration (expected \(aDuration))"),

        // expect
        ("expect", "expect: missing \(expectKinds) (expected \(expectUsage))"),
        ("expect foo", "expect: 'foo' is not \(expectKinds) (expected \(expectUsage))"),
        ("expect texts hi", "expect: 'texts' is not \(expectKinds), did you mean 'text'? (expected \(expectUsage))"),
        ("expect matches (unclosed", "expect: bad regular expression '(unclosed': expected ')' (expected expect matches REGEX, e.g. expect matches ^HTTP/1\\.[01] 200)"),
        ("expect matches", "expect: missing regular expression (expected expect matches REGEX, e.g. expect matches ^HTTP/1\\.[01] 200)"),
        ("expect matches   ", "expect: missing regular expression (expected expect matches REGEX, e.g. expect matches ^HTTP/1\\.[01] 200)"),
        ("expect contains", "expect: missing text (expected expect contains TEXT)"),
        ("expect contains \"\"", "expect: missing text (expected expect contains TEXT)"),
        ("expect closed now", "expect: unexpected text after closed (expected expect closed)"),
        ("expect elapsed", "expect: missing over or under (expected expect elapsed over|under DUR)"),
        ("expect elapsed about 5ms", "expect: 'about' is not over or under (expected expect elapsed over|under DUR)"),
        ("expect elapsed over", "expect: missing duration (expected expect elapsed over|under DUR)"),
        ("expect elapsed over 5ms more", "expect: unexpected text after the duration (expected expect elapsed over|under DUR)"),
        ("expect received", "expect: missing text (expected expect received TEXT)"),
        ("note", "note: missing text (expected note TEXT)"),
        ("note   ", "note: missing text (expected note TEXT)"),
        ("expect text", "expect: missing text (expected expect text TEXT)"),
        ("expect hex", "expect: missing hex digits (expected expect hex HEX)"),
        ("expect hex xyz", "expect: 'x' is not a hex digit at column 12 (expected \(hexPairs))"),
        ("expect hex:", "expect: no hex digits (expected \(hexPairs))"),
        (#"expect text \z"#, #"expect: unknown escape '\z' at column 13 (expected one of \#(escapes))"#),

        // sleep: bad durations
        ("sleep", "sleep: missing duration (expected sleep DUR)"),
        ("sleep 5", "sleep: '5' has no unit (expected a unit, e.g. 5s or 5ms)"),
        ("sleep 5 s", "sleep: '5 s' has a space before its unit (expected '5s')"),
        ("sleep -1s", "sleep: '-1s' is negative (expected more than zero)"),
        ("sleep 1.5.5s", "sleep: '1.5.5s' is not a duration: a number has at most one decimal point (expected \(aDuration))"),
        ("sleep 99999999999999999999s", "sleep: '99999999999999999999s' is too long (expected at most 24h)"),
        ("sleep 2d", "sleep: '2d' has an unknown unit 'd' (expected ns, us, ms, s, m or h)"),
        ("sleep 0", "sleep: '0' must be greater than zero (expected \(aDuration))"),
        ("sleep 0s", "sleep: '0s' must be greater than zero (expected \(aDuration))"),
        ("sleep 25h", "sleep: '25h' is too long (expected at most 24h)"),
        ("sleep 30s2m", "sleep: '30s2m' has its units out of order (expected the largest unit first, each once, e.g. 2m30s)"),
        ("sleep 1s1s", "sleep: '1s1s' has its units out of order (expected the largest unit first, each once, e.g. 2m30s)"),
        ("sleep 1.5m30s", "sleep: '1.5m30s' has a fraction before its last part (expected a fraction only in the last part, e.g. 1m30.5s)"),
        ("sleep 1m30", "sleep: '1m30' has no unit after its last number (expected a unit: ns, us, ms, s, m or h)"),
        ("sleep 1.0000000001s", "sleep: '1.0000000001s' is finer than a nanosecond (expected \(aDuration))"),
        ("sleep 1.5ns", "sleep: '1.5ns' is finer than a nanosecond (expected \(aDuration))"),
        ("sleep .5s", "sleep: '.5s' is not a duration (expected \(aDuration))"),
        ("sleep s", "sleep: 's' is not a duration (expected \(aDuration))"),
        ("sleep 1s 2s", "sleep: unexpected '2s' (expected sleep DUR)"),

        // save, transcript
        ("save", "save: missing file name (expected save FILE [overwrite])"),
        ("save \"\"", "save: empty file name (expected save FILE [overwrite])"),
        ("save a b", "save: unexpected 'b' (expected save FILE [overwrite])"),
        ("save a overwrite b", "save: unexpected 'b' (expected save FILE [overwrite])"),
        ("save a \"overwrite\"", "save: unexpected 'overwrite' (expected save FILE [overwrite])"),
        ("save \"a\\0b\"", "save: the file name contains a NUL byte (expected save FILE [overwrite])"),
        ("save \"\\xff\"", "save: the file name '\u{FFFD}' is not valid UTF-8 (expected save FILE [overwrite])"),
        ("save \"abc", "save: unterminated double quote at column 6 (expected a closing \")"),
        ("transcript", "transcript: missing file name or off (expected transcript FILE [overwrite]|off)"),
        ("transcript a b", "transcript: unexpected 'b' (expected transcript FILE [overwrite]|off)"),
        ("transcript off overwrite", "transcript: unexpected 'overwrite' (expected transcript FILE [overwrite]|off)"),
    ]

    @Test func malformedLinesGiveOneExactError() {
        #expect(Self.malformed.count >= 40)
        for (line, message) in Self.malformed {
            do {
                let parsed = try CommandParser.parse(line)
                Issue.record("\(line.debugDescription) parsed as \(parsed)")
            } catch {
                #expect(error.message == message, "\(line.debugDescription)")
            }
        }
    }

    /// Every message starts with the command's name (or is about the line itself) and ends with
    /// what was expected.
    @Test func messagesAreShapedAlike() {
        let lineLevel = ["unknown command", "unterminated", "try:", "target prefix:", "'try' must", "unexpected second", "s2:"]
        for (line, message) in Self.malformed {
            let words = line.split(separator: " ").map { $0.lowercased() }
            let startsWithCommand = words.contains { message.hasPrefix($0 + ":") || message.hasPrefix($0 + " ") }
            #expect(startsWithCommand || lineLevel.contains { message.hasPrefix($0) }, "\(message)")
            #expect(message.hasSuffix(")"), "\(message)")
        }
    }

    static let columns: [(line: String, column: Int)] = [
        ("frobnicate", 1),
        ("  frobnicate", 3),
        ("read 5 extra", 8),
        ("set ttl 300", 9),
        ("send hex:0g", 11),
        ("send é\\q", 7),
        ("select", 7),
        ("s2: quit", 1),
        ("x1: read", 1),
        ("connect a:1 timeout=5", 13),
        ("save \"abc", 6),
        ("read é\"abc", 7),
    ]

    @Test func errorsPointAtTheOffendingColumn() {
        for (line, column) in Self.columns {
            #expect(throws: CommandError.self) { try CommandParser.parse(line) }
            do {
                _ = try CommandParser.parse(line)
            } catch {
                #expect(error.column == column, "\(line.debugDescription): \(error.message)")
            }
        }
    }

    @Test func messagesQuoteHostileTextSafely() {
        let escape = "\u{1B}[2J\u{1B}]0;pwned\u{07}"
        for line in ["select \(escape)", "\(escape)", "read \(escape)", "sleep \(escape)s",
                     "select " + String(repeating: "x", count: 10_000)] {
            do {
                _ = try CommandParser.parse(line)
                Issue.record("\(line.debugDescription) parsed")
            } catch {
                #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(error.message)")
                #expect(error.message.count < 300, "\(error.message.count)")
            }
        }
    }
}
