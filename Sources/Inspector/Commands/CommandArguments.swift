import TcpModel

/// How each command reads its words into a `Command`. `set`/`get` are in `OptionArguments`,
/// `send`/`expect` in `RawTextArguments`.
enum CommandArguments {
    /// `read`, `peek` and `wait bytes` counts: enough for any receive queue Linux allows by
    /// default, small enough that a typo cannot ask for gigabytes.
    static let byteCountRange = 1...(16 << 20)

    /// The command `word` makes of the rest of `line`, which starts at byte `wordEnd`.
    static func parse(_ word: CommandWord, line: [UInt8], after wordEnd: Int) throws(CommandError) -> Command {
        var tokens: [Token] = []
        if !word.takesRawText {
            var tokenizer = Tokenizer(line, from: wordEnd)
            do throws(TextFault) {
                tokens = try tokenizer.rest()
            } catch {
                throw ArgumentList(command: word, line: line).error(error, in: nil)
            }
        }
        var args = try ArgumentList(command: word, line: line, tokens: tokens)
        let command: Command
        switch word {
        case .send: command = .send(try SendArguments.parse(line: line, after: wordEnd))
        case .expect: command = .expect(try RawTextArguments.expect(line: line, after: wordEnd))
        case .note: command = .note(try RawTextArguments.note(line: line, after: wordEnd))
        case .connect: command = try connect(&args)
        case .listen: command = try listen(&args)
        case .select: command = .select(try entryID(try args.require("id"), args))
        case .read: command = .read(try optionalByteCount(&args))
        case .peek: command = .peek(try optionalByteCount(&args))
        case .set: command = try OptionArguments.set(&args)
        case .get: command = try OptionArguments.get(&args)
        case .shutdown: command = try shutdown(&args)
        case .clone: command = .clone
        case .close: command = .close
        case .forget: command = .forget(try forget(try args.require("ID or closed"), args))
        case .error: command = .error
        case .info: command = .info
        case .starttls: command = .starttls(try TlsArguments.starttls(&args))
        case .cancel: command = .cancel
        case .attach: command = .attach(try attachTarget(try args.require("PID:FD or INODE"), args))
        case .allowWrite: command = .allowWrite
        case .abort: command = .abort
        case .relay: command = try relay(&args)
        case .join:
            let token = try args.require("stream id")
            guard case .stream(let id) = try entryID(token, args) else {
                throw args.error("\(token.quoted) is a listener, not a stream", at: token, expected: "a stream id such as s3")
            }
            command = .join(id)
        case .unjoin: command = .unjoin
        case .hold:
            let token = try args.require("on or off")
            guard let on = KeywordText.flag(token.text) else { throw args.error("\(token.quoted) is not on or off", at: token) }
            command = .hold(on)
        case .step: command = .step(try byteCount(try args.require("byte count"), args))
        case .drop: command = .drop(try byteCount(try args.require("byte count"), args))
        case .delay:
            let token = try args.require("duration or off")
            if !token.isQuoted, token.keyword == KeywordText.off {
                command = .delay(nil)
            } else {
                command = .delay(try duration(token, &args, offAllowed: true))
            }
        case .rate:
            let token = try args.require("size a second or off")
            if !token.isQuoted, token.keyword == KeywordText.off {
                command = .rate(nil)
            } else {
                // `10KiB` or `10KiB/s`: the rate is always a second's worth.
                var text = token.text
                if text.lowercased().hasSuffix("/s") { text.removeLast(2) }
                do throws(TextFault) {
                    command = .rate(try ByteCountText.parsing(text, range: rateRange))
                } catch {
                    var fault = error
                    fault.expected = "off or a size a second such as 64KiB or 1MiB/s"
                    throw args.error(fault, in: token)
                }
            }
        case .quit: command = .quit
        case .follow: command = try follow(&args)
        case .wait: command = try wait(&args)
        case .sleep: command = .sleep(try duration(try args.require("duration"), &args))
        case .help: command = help(&args)
        case .save:
            let (path, overwrite) = try fileArguments(try args.require("file name"), &args)
            command = .save(path: path, overwrite: overwrite)
        case .transcript: command = try transcript(&args)
        }
        try args.finish()
        return command
    }

    private static func connect(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let token = try args.require("address")
        let from = try localAddress(args)
        if TlsArguments.hasScheme(token) {
            let tls = try TlsArguments.client(&args)
            // `tls://l1`: this session's own (TLS) listener.
            if case .listener(let listener)? = EntryID(TlsArguments.address(token)) {
                return .connect(target: listener.description, timeout: args.timeout, from: from, tls: tls)
            }
            do throws(TextFault) {
                return .connect(target: try AddressText.hostPort(TlsArguments.address(token)), timeout: args.timeout,
                                from: from, tls: tls)
            } catch {
                throw args.error(error, in: token)
            }
        }
        try TlsArguments.refuseWithoutTls(args)
        // `l1` (or a near miss such as `s1`, `l0`) is an id: a host alone has no port anyway.
        if looksLikeID(token) {
            let id = try entryID(token, args)
            guard case .listener(let listener) = id else {
                throw args.error("\(token.quoted) is a stream, not a listener", at: token,
                                 expected: "HOST:PORT or a listener id such as l1")
            }
            return .connect(target: listener.description, timeout: args.timeout, from: from)
        }
        do throws(TextFault) {
            return .connect(target: try AddressText.hostPort(token.text), timeout: args.timeout, from: from)
        } catch {
            throw args.error(error, in: token)
        }
    }

    /// `attach 1234:5` (a process and its descriptor) or `attach 98765` (a socket inode).
    private static func attachTarget(_ token: Token, _ args: ArgumentList) throws(CommandError) -> AttachTarget {
        let expected = "PID:FD such as 1234:5, or a socket inode such as 98765"
        let parts = token.text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let pid = Int32(parts[0]), pid > 0 else {
                throw args.error("\(token.quoted): the pid is not a positive number", at: token, expected: expected)
            }
            guard let fd = Int32(parts[1]), fd >= 0 else {
                throw args.error("\(token.quoted): the descriptor is not a number from 0", at: token, expected: expected)
            }
            return .descriptor(pid: pid, fd: fd)
        }
        guard parts.count == 1, let inode = UInt32(parts[0]), inode > 0 else {
            throw args.error("\(token.quoted) is neither PID:FD nor an inode", at: token, expected: expected)
        }
        return .inode(inode)
    }

    /// `forget s3` or `forget closed`: only streams close and stay listed.
    private static func forget(_ token: Token, _ args: ArgumentList) throws(CommandError) -> ForgetTarget {
        if !token.isQuoted, token.keyword == "closed" { return .closed }
        guard let first = token.bytes.first, first | 0x20 == UInt8(ascii: "s") || first | 0x20 == UInt8(ascii: "l") else {
            throw args.error("\(token.quoted) is neither a stream id nor closed", at: token, expected: "a stream id such as s2, or closed")
        }
        guard case .stream(let id) = try entryID(token, args) else {
            throw args.error("\(token.quoted) is a listener: a closed listener is not kept", at: token,
                             expected: "a stream id such as s2, or closed")
        }
        return .stream(id)
    }

    /// `rate`: from one byte a second to 1 GiB a second.
    static let rateRange = 1...(1 << 30)

    /// `relay [HOST:]PORT HOST:PORT|LISTENER`: where to listen (as `listen`) and where each client goes.
    private static func relay(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let listenToken = try args.require("listen port")
        let upstreamToken = try args.require("upstream HOST:PORT", expected: "relay [HOST:]PORT HOST:PORT|LISTENER")
        let listen: String
        do throws(TextFault) {
            listen = try AddressText.listenAddress(listenToken.text)
        } catch {
            throw args.error(error, in: listenToken)
        }
        // `relay 0 l1`: to a listener of this session, as `connect l1` reaches it.
        if looksLikeID(upstreamToken) {
            guard case .listener(let listener) = try entryID(upstreamToken, args) else {
                throw args.error("\(upstreamToken.quoted) is a stream, not a listener", at: upstreamToken,
                                 expected: "HOST:PORT or a listener id such as l1")
            }
            return .relay(listen: listen, upstream: listener.description)
        }
        do throws(TextFault) {
            return .relay(listen: listen, upstream: try AddressText.hostPort(upstreamToken.text))
        } catch {
            throw args.error(error, in: upstreamToken)
        }
    }

    /// `from=ADDR:PORT`: numeric, since it names an address of this host; port 0 is any.
    private static func localAddress(_ args: ArgumentList) throws(CommandError) -> String? {
        guard let (text, token) = args.keyed["from"] else { return nil }
        guard let address = SocketAddress(text) else {
            throw args.error("\(MessageText.quoted(text)) is not a numeric local address", at: token,
                             expected: "from=ADDR:PORT, e.g. from=127.0.0.2:0 or from=[::1]:0")
        }
        return address.description
    }

    private static func looksLikeID(_ token: Token) -> Bool {
        guard let first = token.bytes.first, token.bytes.count > 1 else { return false }
        return (first | 0x20 == UInt8(ascii: "s") || first | 0x20 == UInt8(ascii: "l"))
            && token.bytes.dropFirst().allSatisfy(ASCII.isDigit)
    }

    /// The accept queue's length: the kernel caps it at net.core.somaxconn; 0 still lets one
    /// connection wait.
    static let backlogRange = 0...65_535

    private static func listen(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let token = try args.require("port")
        var backlog: Int?
        if let (text, option) = args.keyed["backlog"] {
            guard case .value(let n) = DecimalText.parse(Array(text.utf8)), backlogRange.contains(n) else {
                throw args.error("\(MessageText.quoted(text)) is not a backlog", at: option,
                                 expected: "backlog=N, N in \(backlogRange.lowerBound)...\(backlogRange.upperBound)")
            }
            backlog = n
        }
        let reuseAddress = try flagOption("reuseaddr", args) ?? true
        let reusePort = try flagOption("reuseport", args) ?? false
        let accepting = try flagOption("accept", args) ?? true
        let address: String
        if TlsArguments.hasListenScheme(token) {
            let tls = try TlsArguments.server(&args, at: token)
            do throws(TextFault) {
                address = try AddressText.listenAddress(TlsArguments.listenAddress(token))
            } catch {
                throw args.error(error, in: token)
            }
            return .listen(address: address, backlog: backlog, reuseAddress: reuseAddress, reusePort: reusePort,
                           accepting: accepting, tls: tls)
        }
        try TlsArguments.refuseServerWordsWithoutTls(args)
        if looksLikeID(token) {
            guard case .listener(let listener) = try entryID(token, args) else {
                throw args.error("\(token.quoted) is a stream, not a listener", at: token,
                                 expected: "[HOST:]PORT or a listener id such as l1")
            }
            address = listener.description
        } else {
            do throws(TextFault) {
                address = try AddressText.listenAddress(token.text)
            } catch {
                throw args.error(error, in: token)
            }
        }
        return .listen(address: address, backlog: backlog, reuseAddress: reuseAddress, reusePort: reusePort, accepting: accepting)
    }

    private static func flagOption(_ key: String, _ args: ArgumentList) throws(CommandError) -> Bool? {
        guard let (text, token) = args.keyed[key] else { return nil }
        guard let on = KeywordText.flag(text) else {
            throw args.error("\(MessageText.quoted(text)) is not on or off", at: token, expected: "\(key)=on|off")
        }
        return on
    }

    static func entryID(_ token: Token, _ args: ArgumentList) throws(CommandError) -> EntryID {
        do throws(TextFault) {
            return try EntryID.parsing(token.text)
        } catch {
            throw args.error(error, in: token)
        }
    }

    private static func optionalByteCount(_ args: inout ArgumentList) throws(CommandError) -> Int? {
        guard let token = args.next() else { return nil }
        return try byteCount(token, args)
    }

    private static func byteCount(_ token: Token, _ args: ArgumentList) throws(CommandError) -> Int {
        do throws(TextFault) {
            return try ByteCountText.parsing(token.text, range: byteCountRange)
        } catch {
            throw args.error(error, in: token)
        }
    }

    private static func shutdown(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let token = try args.require("direction")
        guard let mode = KeywordText.shutdown(token.text) else {
            throw args.error(notOneOf(token, KeywordText.shutdownWords, what: "a direction"), at: token)
        }
        return .shutdown(mode)
    }

    private static func follow(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let token = try args.require("on or off")
        guard let on = KeywordText.flag(token.text) else {
            throw args.error("\(token.quoted) is not on or off", at: token)
        }
        return .follow(on)
    }

    private static func wait(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let token = try args.require("condition")
        let condition: WaitCondition
        switch token.keyword {
        case "readable": condition = .readable
        case "closed": condition = .closed
        case "accepted": condition = .accepted
        case "joined": condition = .joined
        case "bytes":
            let count = try args.require("byte count", expected: "wait bytes N [timeout=DUR]")
            condition = .bytes(try byteCount(count, args))
        default:
            throw args.error(notOneOf(token, KeywordText.waitConditions, what: "a condition"), at: token)
        }
        return .wait(condition, timeout: args.timeout)
    }

    private static func help(_ args: inout ArgumentList) -> Command {
        let words = args.remaining().map(\.keyword)
        return .help(words.isEmpty ? nil : words.joined(separator: " "))
    }

    private static func transcript(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let token = try args.require("file name or off")
        if !token.isQuoted, token.keyword == KeywordText.off { return .transcript(path: nil) }
        let (path, overwrite) = try fileArguments(token, &args)
        return .transcript(path: path, overwrite: overwrite)
    }

    /// `FILE [overwrite]`: a file name, and whether an existing file may be replaced.
    private static func fileArguments(_ token: Token, _ args: inout ArgumentList) throws(CommandError) -> (String, Bool) {
        let name = try path(token, args)
        guard let next = args.peek(), !next.isQuoted, next.keyword == KeywordText.overwrite else { return (name, false) }
        _ = args.next()
        return (name, true)
    }

    /// A file name: any text, but one a file system can take.
    private static func path(_ token: Token, _ args: ArgumentList) throws(CommandError) -> String {
        guard !token.bytes.isEmpty else { throw args.error("empty file name", at: token) }
        guard !token.bytes.contains(0) else { throw args.error("the file name contains a NUL byte", at: token) }
        guard let path = String(validating: token.bytes, as: UTF8.self) else {
            throw args.error("the file name \(token.quoted) is not valid UTF-8", at: token)
        }
        return path
    }

    /// A duration argument. `5 s` is read as a mistake worth naming: the number and its unit
    /// were split by a space.
    static func duration(_ token: Token, _ args: inout ArgumentList, allowZero: Bool = false,
                         offAllowed: Bool = false) throws(CommandError) -> Duration {
        do throws(TextFault) {
            return try DurationText.parsing(token.text, allowZero: allowZero)
        } catch {
            if case .value = DecimalText.parse(token.bytes), let unit = args.peek(),
               ["ns", "us", "µs", "ms", "s", "m", "h"].contains(unit.keyword) {
                let joined = token.text + unit.text
                throw args.error("\(MessageText.quoted(token.text + " " + unit.text)) has a space before its unit",
                                 at: token, expected: MessageText.quoted(joined))
            }
            var fault = error
            if offAllowed, let expected = fault.expected { fault.expected = "off or " + expected }
            throw args.error(fault, in: token)
        }
    }

    /// "'x' is not a direction", with a suggestion when it is close to one of `words`.
    static func notOneOf(_ token: Token, _ words: [String], what: String) -> String {
        var problem = "\(token.quoted) is not \(what)"
        if let near = Suggestion.nearest(to: token.text, among: words) { problem += ", did you mean '\(near)'?" }
        return problem
    }
}
