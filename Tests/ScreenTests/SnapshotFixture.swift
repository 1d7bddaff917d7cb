import CSocket
import Inspector
@testable import TcpModel

/// Snapshots built by hand as a session publishes them, for the tests of the view and the keys:
/// no sockets, no session, nothing to wait for. What a real session publishes is the end-to-end
/// tests' business (Tests/EndToEndTests, in tmux); here the snapshot is the input.
enum SnapshotFixture {
    /// Nothing open, as a session starts.
    static func empty() -> Snapshot {
        let start = ContinuousClock.now
        return Snapshot(log: EventLog(start: start).view, started: start)
    }

    /// `listen` then `connect l1`: listener l1 on `listening`, stream s1 connected to it, s2 its
    /// accepted end, both ESTABLISHED with a fresh connection's option values, s1 selected.
    /// s2 has sent `sent`; s1 has read the first `read` bytes of it and the rest wait in its
    /// receive queue (peeked).
    static func pair(listening: SocketAddress = .v4(.loopback, port: 40_000), sent: [UInt8] = [], read: Int = 0) -> Snapshot {
        var snapshot = empty()
        let listener = ListenerID(1)
        snapshot.listenerOrder = [listener]
        var listenerSnapshot = ListenerSnapshot(id: listener, local: listening, allInterfaces: false)
        listenerSnapshot.accepted = 1
        snapshot.listeners[listener] = listenerSnapshot
        let client = listening.withPort(50_000)
        let readCount = min(read, sent.count)
        snapshot.insert(stream(id: 1, origin: .connected(to: "l1"), local: client, peer: listening,
                               received: Array(sent.prefix(readCount)), peeked: Array(sent.dropFirst(readCount))))
        snapshot.insert(stream(id: 2, origin: .accepted(from: listener), local: listening, peer: client, sent: sent))
        snapshot.selected = .stream(StreamID(1))
        return snapshot
    }

    /// `count` streams s1...sN, connected pairs behind one listener, with `selected` selected;
    /// bare rows (no kernel readings), all sharing one small capture ring, so 10,000 stay cheap.
    static func streams(_ count: Int, selected: Int) -> Snapshot {
        var snapshot = empty()
        let start = snapshot.started
        let listener = ListenerID(1)
        snapshot.listenerOrder = [listener]
        snapshot.listeners[listener] = ListenerSnapshot(id: listener, local: .v4(.loopback, port: 4000), allInterfaces: false)
        let ring = CaptureRing(bound: 4096)
        for n in 1...count {
            let client = SocketAddress.v4(.loopback, port: UInt16(20_000 + (n + 1) / 2))
            let server = SocketAddress.v4(.loopback, port: 4000)
            snapshot.insert(StreamSnapshot(
                id: StreamID(n), origin: n % 2 == 1 ? .connected(to: "l1") : .accepted(from: listener),
                local: n % 2 == 1 ? client : server, peer: n % 2 == 1 ? server : client, socketKey: n,
                received: ring, sent: ring, historyLength: 4, lastChange: start))
        }
        snapshot.selected = .stream(StreamID(selected))
        return snapshot
    }

    /// One stream: `received` read from it, `peeked` waiting in its receive queue after that,
    /// `sent` written to it, the kernel reporting `state` and the default option values.
    static func stream(id: Int, origin: StreamOrigin, local: SocketAddress?, peer: SocketAddress?,
                       state: TcpState = .established, received: [UInt8] = [], peeked: [UInt8] = [],
                       sent: [UInt8] = []) -> StreamSnapshot {
        let receivedRing = CaptureRing(bound: 1 << 16), sentRing = CaptureRing(bound: 1 << 16)
        receivedRing.append(received)
        sentRing.append(sent)
        var stream = StreamSnapshot(id: StreamID(id), origin: origin, local: local, peer: peer, socketKey: id,
                                    received: receivedRing, sent: sentRing, historyLength: 60, lastChange: .now)
        stream.receivedTotals = receivedRing.totals
        stream.sentTotals = sentRing.totals
        stream.peeked = peeked
        stream.peekOffset = receivedRing.totals.total
        stream.queues.toRead = peeked.count
        stream.info = info(state: state)
        stream.options = defaultOptions
        return stream
    }

    /// TCP_INFO as the kernel reports it for a quiet loopback connection in `state`.
    static func info(state: TcpState) -> TcpInfo {
        var raw = csock_tcp_info()
        raw.state = state.rawValue
        raw.rto = 204_000
        raw.rtt = 30
        raw.rttvar = 15
        raw.snd_mss = 32_768
        raw.rcv_mss = 536
        raw.advmss = 65_483
        raw.pmtu = 65_535
        raw.snd_cwnd = 10
        raw.snd_ssthresh = 0x7fff_ffff
        return TcpInfo(raw)
    }

    /// The options of a fresh loopback connection, as Linux reads them back.
    static let defaultOptions: [SocketOptionName: OptionReading] = {
        var options: [SocketOptionName: OptionReading] = [:]
        for name in SocketOptionName.allCases {
            let value: OptionValue
            switch name {
            case .nodelay, .nonblocking, .keepalive, .cork, .reuseport: value = .flag(false)
            case .quickack: value = .flag(true)
            case .ttl: value = .count(64)
            case .keepaliveCount: value = .count(9)
            case .tos: value = .count(0)
            case .maxseg: value = .count(32_768)
            case .linger, .readTimeout, .writeTimeout, .userTimeout: value = .duration(nil)
            case .keepaliveIdle: value = .duration(.seconds(7200))
            case .keepaliveInterval: value = .duration(.seconds(75))
            case .rcvbuf: value = .size(131_072)
            case .sndbuf: value = .size(2_626_560)
            case .notsentLowat: value = .size(Int(UInt32.max))
            case .congestion: value = .name("cubic")
            }
            options[name] = .value(value)
        }
        return options
    }()
}

extension SocketAddress {
    /// The same address with another port.
    func withPort(_ port: UInt16) -> SocketAddress {
        switch self {
        case .v4(let address, _): .v4(address, port: port)
        case .v6(let address, _, let scope): .v6(address, port: port, scopeId: scope)
        }
    }
}
