import TcpModel

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
    /// IP_TOS / IPV6_TCLASS: one byte.
    static let tosRange = 0...255
    /// TCP_MAXSEG: what fits the kernel's int. The kernel itself takes 0 or 88...32767 and
    /// answers the rest with EINVAL, which is worth seeing, so that judgement is left to it.
    static let maxsegRange = 0...Int(Int32.max)
    /// TCP_NOTSENT_LOWAT: 0 (the system's value) up to a GiB.
    static let lowWatermarkRange = 0...(1 << 30)
    /// TCP_USER_TIMEOUT counts milliseconds in an int.
    static let userTimeoutLimit = Duration.milliseconds(Int64(Int32.max))
    /// TCP_CA_NAME_MAX less the NUL.
    static let congestionNameLength = 1...15

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
        case .nodelay, .quickack, .nonblocking, .keepalive, .cork, .reuseport:
            guard let on = KeywordText.flag(token.text) else {
                throw args.error("\(token.quoted) is not on or off", at: token, expected: "on|off")
            }
            return .flag(on)
        case .ttl:
            return .count(try count(token, range: ttlRange, args))
        case .keepaliveCount:
            return .count(try count(token, range: keepaliveCountRange, args))
        case .tos:
            return .count(try count(token, range: tosRange, args))
        case .maxseg:
            return .count(try count(token, range: maxsegRange, args))
        case .rcvbuf, .sndbuf, .notsentLowat:
            do throws(TextFault) {
                return .size(try ByteCountText.parsing(token.text, range: name == .notsentLowat ? lowWatermarkRange : bufferRange))
            } catch {
                throw args.error(error, in: token)
            }
        case .congestion:
            return .name(try congestionName(token, args))
        case .userTimeout:
            if isOff { return .duration(nil) }
            let time = try CommandArguments.duration(token, &args, offAllowed: true)
            guard time <= userTimeoutLimit else {
                throw args.error("\(token.quoted) is out of range", at: token,
                                 expected: "off or 1ms...\(DurationText.format(userTimeoutLimit))")
            }
            return .duration(time)
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

    /// A congestion control's name: the kernel judges whether it knows it; only what cannot be
    /// a name at all is refused here, with the names this kernel allows.
    private static func congestionName(_ token: Token, _ args: ArgumentList) throws(CommandError) -> String {
        let bytes = token.bytes
        let allowed = CongestionControl.allowed().joined(separator: " ")
        let expected = allowed.isEmpty ? "a congestion control name" : "a congestion control name (allowed here: \(allowed))"
        guard congestionNameLength.contains(bytes.count),
              bytes.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
            throw args.error("\(token.quoted) cannot be a congestion control name", at: token, expected: expected)
        }
        return token.text
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
