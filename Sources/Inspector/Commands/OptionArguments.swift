/// `set OPTION VALUE` and `get [OPTION]`: option names, and each option's values and ranges.
/// Ranges follow the kernel's own limits where it has them, so a value the parser accepts is
/// one Linux takes rather than clamps or refuses.
enum OptionArguments {
    /// SO_RCVBUF/SO_SNDBUF: the kernel clamps to its maximums anyway; a GiB is already absurd.
    static let bufferRange = 1...(1 << 30)
    /// IP_TTL / IPV6_UNICAST_HOPS.
    static let ttlRange = 1...255
    /// TCP_KEEPCNT (MAX_TCP_KEEPCNT).
    static let keepaliveCountRange = 1...127
    /// TCP_KEEPIDLE / TCP_KEEPINTVL, in seconds (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL).
    static let keepaliveSecondsRange: ClosedRange<Int64> = 1...32_767

    static func set(_ args: inout ArgumentList) throws(CommandError) -> Command {
        let nameToken = try args.require("option name", expected: "set OPTION VALUE, OPTION one of \(SocketOptionName.nameList)")
        let name = try optionName(nameToken, args)
        args.subject = "set \(name.rawValue)"
        let usage = "set \(name.rawValue) \(name.valueForm)"
        let valueToken = try args.require("value", expected: usage)
        let value = try value(of: name, valueToken, &args)
        try args.finish(expected: usage)
        return .set(name, value)
    }

    static func get(_ args: inout ArgumentList) throws(CommandError) -> Command {
        guard let token = args.next() else { return .get(nil) }
        return .get(try optionName(token, args))
    }

    private static func optionName(_ token: Token, _ args: ArgumentList) throws(CommandError) -> SocketOptionName {
        guard let name = SocketOptionName.named(token.text) else {
            var problem = "unknown option \(token.quoted)"
            let names = SocketOptionName.allCases.map(\.rawValue)
            if let near = Suggestion.nearest(to: token.text, among: names) { problem += ", did you mean '\(near)'?" }
            throw args.error(problem, at: token, expected: "one of \(SocketOptionName.nameList)")
        }
        return name
    }

    private static func value(of name: SocketOptionName, _ token: Token,
                              _ args: inout ArgumentList) throws(CommandError) -> OptionValue {
        let isOff = token.keyword == KeywordText.off
        switch name {
        case .nodelay, .quickack, .nonblocking, .keepalive:
            guard let on = KeywordText.flag(token.text) else {
                throw args.error("\(token.quoted) is not on or off", at: token, expected: "on|off")
            }
            return .flag(on)
        case .ttl:
            return .count(try count(token, range: ttlRange, args))
        case .keepaliveCount:
            return .count(try count(token, range: keepaliveCountRange, args))
        case .rcvbuf, .sndbuf:
            do throws(TextFault) {
                return .size(try ByteCountText.parsing(token.text, range: bufferRange))
            } catch {
                throw args.error(error, in: token)
            }
        case .readTimeout, .writeTimeout:
            if isOff { return .duration(nil) }
            return .duration(try CommandArguments.duration(token, &args, offAllowed: true))
        case .linger:
            // SO_LINGER counts whole seconds, and 0s is the classic abortive close (RST), so
            // zero is allowed here and fractions are refused rather than silently truncated.
            if isOff { return .duration(nil) }
            let linger = try CommandArguments.duration(token, &args, allowZero: true, offAllowed: true)
            try checkWholeSeconds(linger, token, args, expected: "off or whole seconds, e.g. 0s or 5s")
            return .duration(linger)
        case .keepaliveIdle, .keepaliveInterval:
            let time = try CommandArguments.duration(token, &args)
            let range = "\(keepaliveSecondsRange.lowerBound)s...\(keepaliveSecondsRange.upperBound)s"
            try checkWholeSeconds(time, token, args, expected: "whole seconds, \(range)")
            guard keepaliveSecondsRange.contains(time.components.seconds) else {
                throw args.error("\(token.quoted) is out of range", at: token, expected: range)
            }
            return .duration(time)
        }
    }

    private static func count(_ token: Token, range: ClosedRange<Int>, _ args: ArgumentList) throws(CommandError) -> UInt32 {
        let expected = "\(range.lowerBound)...\(range.upperBound)"
        switch DecimalText.parse(token.bytes) {
        case .value(let value) where range.contains(value):
            return UInt32(truncatingIfNeeded: value)
        case .value, .negative, .tooLarge:
            throw args.error("\(token.quoted) is out of range", at: token, expected: expected)
        case .notANumber:
            throw args.error("\(token.quoted) is not a number", at: token, expected: expected)
        }
    }

    /// The kernel keeps these times in seconds; a fraction would be dropped without a word.
    private static func checkWholeSeconds(_ time: Duration, _ token: Token, _ args: ArgumentList,
                                          expected: String) throws(CommandError) {
        guard time.components.attoseconds == 0 else {
            throw args.error("\(token.quoted) is not a whole number of seconds", at: token, expected: expected)
        }
    }
}
