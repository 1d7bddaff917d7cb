import TcpModel

/// The part of a `HostFilter` the kernel can apply during the sock_diag dump, as `ss` hands its
/// filter over: a state mask (idiag_states) and an inet_diag filter program
/// (INET_DIAG_REQ_BYTECODE) for ports and addresses. Both select a superset of what the filter
/// selects (whatever they cannot express, `pid`, `comm`, a state under `not`, passes), so the
/// userspace filter stays the final judge and the kernel only spares the sockets that could
/// never match.
extension HostFilter {
    /// Every state a matching socket can be in, as the bit mask idiag_states takes.
    public var kernelStates: UInt32 {
        switch self {
        case .state(let states):
            return states.reduce(0) { $0 | ($1 < 32 ? UInt32(1) << UInt32($1) : 0) }
        case .and(let a, let b): return a.kernelStates & b.kernelStates
        case .or(let a, let b): return a.kernelStates | b.kernelStates
        // Under `not` a state set would need its complement of a superset: left to userspace.
        default: return .max
        }
    }

    /// The inet_diag filter program for this filter's ports and addresses; empty when it
    /// cannot narrow anything (then every socket in `kernelStates` is dumped).
    public var kernelBytecode: [UInt8] {
        guard let program = InetDiagProgram.superset(of: self) else { return [] }
        return program.bytes
    }
}

/// An inet_diag filter program (linux/inet_diag.h). Each op is 4 bytes, `code, yes, no`, with
/// operands in following words; after a test, the kernel moves on by `yes` bytes if it held and
/// by `no` if not. A program accepts a socket when it steps exactly to its end, and rejects it
/// by stepping 4 bytes past the end. A piece built here keeps that rule on its own length, so
/// pieces join by concatenation with their rejections re-aimed (as `ss` builds its programs).
struct InetDiagProgram {
    var bytes: [UInt8]

    // Op codes (enum in linux/inet_diag.h).
    private static let jump: UInt8 = 1
    private static let sourceGreaterOrEqual: UInt8 = 2, sourceLessOrEqual: UInt8 = 3
    private static let peerGreaterOrEqual: UInt8 = 4, peerLessOrEqual: UInt8 = 5
    private static let sourceCondition: UInt8 = 7, peerCondition: UInt8 = 8
    private static let sourceEqual: UInt8 = 11, peerEqual: UInt8 = 12

    /// A program accepting at least every socket `filter` accepts; nil when it would accept
    /// every socket anyway.
    static func superset(of filter: HostFilter) -> InetDiagProgram? {
        switch filter {
        case .all, .state, .pid, .command: return nil
        case .port(let side, let comparison, let port): return Self.port(side, comparison, port)
        case .address(let side, let prefix): return Self.address(side, prefix)
        case .and(let a, let b):
            switch (superset(of: a), superset(of: b)) {
            case (nil, nil): return nil
            case (let one?, nil), (nil, let one?): return one
            case (let x?, let y?): return x.and(y)
            }
        case .or(let a, let b):
            guard let x = superset(of: a), let y = superset(of: b) else { return nil }
            return x.or(y)
        case .not(let inner):
            // Only an exact program may be negated: the negation of a superset is not one.
            guard inner.isExactInKernel, let x = superset(of: inner) else { return nil }
            return x.negated()
        }
    }

    private static func op(_ code: UInt8, yes: Int, no: Int) -> [UInt8] {
        [code, UInt8(yes), UInt8(truncatingIfNeeded: no), UInt8(truncatingIfNeeded: no >> 8)]
    }

    private static func port(_ side: HostFilter.PortSide, _ comparison: HostFilter.PortComparison, _ port: UInt16) -> InetDiagProgram {
        let local = side == .local
        // The operand is the `no` field of the second word, in host byte order.
        func test(_ code: UInt8) -> InetDiagProgram {
            InetDiagProgram(bytes: op(code, yes: 8, no: 12) + op(0, yes: 0, no: Int(port)))
        }
        let equal = test(local ? sourceEqual : peerEqual)
        let greaterOrEqual = test(local ? sourceGreaterOrEqual : peerGreaterOrEqual)
        let lessOrEqual = test(local ? sourceLessOrEqual : peerLessOrEqual)
        switch comparison {
        case .equal: return equal
        case .notEqual: return equal.negated()
        case .greaterOrEqual: return greaterOrEqual
        case .lessOrEqual: return lessOrEqual
        case .less: return greaterOrEqual.negated()
        case .greater: return lessOrEqual.negated()
        }
    }

    private static func address(_ side: HostFilter.PortSide, _ prefix: HostPrefix) -> InetDiagProgram {
        // struct inet_diag_hostcond: family, prefix_len, 2 bytes of padding, int port (-1: any),
        // the address.
        let family: UInt8, address: [UInt8], width: Int
        switch prefix.address {
        case .v4(let ip, _): (family, address, width) = (2, ip.octets, 32)    // AF_INET
        case .v6(let ip, _, _): (family, address, width) = (10, ip.bytes, 128) // AF_INET6
        }
        let bits = UInt8(max(0, min(prefix.length, width)))
        let condition = [family, bits, 0, 0] + [0xFF, 0xFF, 0xFF, 0xFF] + address
        let length = 4 + condition.count
        let code = side == .local ? sourceCondition : peerCondition
        return InetDiagProgram(bytes: op(code, yes: length, no: length + 4) + condition)
    }

    /// This program, then `other` where this one accepted.
    private func and(_ other: InetDiagProgram) -> InetDiagProgram {
        InetDiagProgram(bytes: retargetingRejects(by: other.bytes.count) + other.bytes)
    }

    /// This program, then, where it rejected, `other`; where it accepted, a jump to the end.
    private func or(_ other: InetDiagProgram) -> InetDiagProgram {
        InetDiagProgram(bytes: bytes + Self.op(Self.jump, yes: 4, no: other.bytes.count + 4) + other.bytes)
    }

    /// Accepts what this rejects: its rejections land on the new end, and falling through hits
    /// a jump past it.
    private func negated() -> InetDiagProgram {
        InetDiagProgram(bytes: bytes + Self.op(Self.jump, yes: 4, no: 8))
    }

    /// The bytes with every jump to "reject" (4 past the end) moved `extra` bytes further.
    private func retargetingRejects(by extra: Int) -> [UInt8] {
        var out = bytes
        var offset = 0
        let reject = bytes.count + 4
        while offset + 4 <= out.count {
            let yes = Int(out[offset + 1])
            let no = Int(out[offset + 2]) | Int(out[offset + 3]) << 8
            // `yes` always steps to the next op here; only `no` ever rejects.
            if yes != 0, offset + no == reject {
                let moved = no + extra
                out[offset + 2] = UInt8(truncatingIfNeeded: moved)
                out[offset + 3] = UInt8(truncatingIfNeeded: moved >> 8)
            }
            offset += Self.width(of: out, at: offset)
        }
        return out
    }

    /// How many bytes the op at `offset` spans with its operands.
    private static func width(of bytes: [UInt8], at offset: Int) -> Int {
        switch bytes[offset] {
        case sourceCondition, peerCondition:
            return bytes[offset + 4] == 10 ? 4 + 8 + 16 : 4 + 8 + 4
        case sourceEqual, peerEqual, sourceGreaterOrEqual, sourceLessOrEqual, peerGreaterOrEqual, peerLessOrEqual:
            return 8
        default:
            return 4
        }
    }
}

extension HostFilter {
    /// Whether the kernel's program decides this filter exactly (ports and addresses only).
    var isExactInKernel: Bool {
        switch self {
        case .port, .address: true
        case .not(let inner): inner.isExactInKernel
        case .and(let a, let b), .or(let a, let b): a.isExactInKernel && b.isExactInKernel
        case .all, .state, .pid, .command: false
        }
    }
}
