import TcpModel

/// Setting options and reading them back: the value shown is always what the kernel reports
/// after the call, never what was asked for.
extension Session {
    func setOption(_ option: SocketOptionName, _ value: OptionValue, on entry: StreamEntry, args: String) -> Outcome {
        let begin = clock.now
        let op = "set \(option.rawValue)"
        do throws(SocketError) {
            try OptionAccess.set(option, value, on: entry.stream)
        } catch {
            refreshOptions(of: entry)
            return failed(.stream(entry.id), op, args, error, since: begin)
        }
        // Options live on the socket: every clone reads the same values now.
        refreshOptions(sharing: entry.socketKey)
        let reading = OptionAccess.read(option, of: entry.stream)
        let shown = reading.text
        let event = record(Event(entry: .stream(entry.id), op: op, args: args, value: shown, elapsed: clock.now - begin))
        return .success("\(entry.id) \(option.rawValue) = \(shown)", event)
    }

    func getOptions(_ option: SocketOptionName?, on entry: StreamEntry, args: String) -> Outcome {
        refreshOptions(of: entry)
        let names = option.map { [$0] } ?? SocketOptionName.allCases
        let text = names.map { "\($0.rawValue)=\(OptionAccess.read($0, of: entry.stream).text)" }.joined(separator: " ")
        let event = record(Event(entry: .stream(entry.id), op: option.map { "get \($0.rawValue)" } ?? "get", args: args, value: text))
        return .success("\(entry.id) \(text)", event)
    }

    func setListenerOption(_ option: SocketOptionName, _ value: OptionValue, on entry: ListenerEntry, args: String) -> Outcome {
        let begin = clock.now
        let op = "set \(option.rawValue)"
        do throws(SocketError) {
            try ListenerOptions.set(option, value, on: entry.listener)
        } catch {
            return failed(.listener(entry.id), op, args, error, since: begin)
        }
        refreshListenerOptions(entry)
        let shown = ListenerOptions.read(option, of: entry.listener).text
        let event = record(Event(entry: .listener(entry.id), op: op, args: args, value: shown))
        return .success("\(entry.id) \(option.rawValue) = \(shown)", event)
    }

    func getListenerOptions(_ option: SocketOptionName?, on entry: ListenerEntry, args: String) -> Outcome {
        refreshListenerOptions(entry)
        let names = option.map { [$0] } ?? ListenerOptions.supported
        let text = names.map { "\($0.rawValue)=\(ListenerOptions.read($0, of: entry.listener).text)" }.joined(separator: " ")
        let event = record(Event(entry: .listener(entry.id), op: option.map { "get \($0.rawValue)" } ?? "get", args: args, value: text))
        return .success("\(entry.id) \(text)", event)
    }

    func refreshOptions(of entry: StreamEntry) {
        let options = Session.readOptions(of: entry.stream)
        updateStream(entry.id) { $0.options = options }
    }

    func refreshOptions(sharing socketKey: Int) {
        let family = state.withLock { s in s.streams.values.filter { $0.socketKey == socketKey } }
        for member in family { refreshOptions(of: member) }
    }

    func refreshListenerOptions(_ entry: ListenerEntry) {
        var options: [SocketOptionName: OptionReading] = [:]
        for name in ListenerOptions.supported { options[name] = ListenerOptions.read(name, of: entry.listener) }
        mutate { s in s.snapshot.listeners[entry.id]?.options = options }
    }

    /// Every option of `stream`, as the kernel reports it now.
    public static func readOptions(of stream: TcpStream) -> [SocketOptionName: OptionReading] {
        var options: [SocketOptionName: OptionReading] = [:]
        for name in SocketOptionName.allCases { options[name] = OptionAccess.read(name, of: stream) }
        return options
    }
}

/// The mapping from option names to TcpModel calls, in one place.
enum OptionAccess {
    static func set(_ option: SocketOptionName, _ value: OptionValue, on stream: TcpStream) throws(SocketError) {
        switch (option, value) {
        case (.nodelay, .flag(let on)): try stream.setNodelay(on)
        case (.quickack, .flag(let on)): try stream.setQuickack(on)
        case (.nonblocking, .flag(let on)): try stream.setNonblocking(on)
        case (.keepalive, .flag(let on)): try stream.setKeepalive(on)
        case (.ttl, .count(let n)): try stream.setTtl(n)
        case (.keepaliveCount, .count(let n)): try stream.setKeepaliveCount(n)
        case (.rcvbuf, .size(let n)): try stream.setReceiveBufferSize(n)
        case (.sndbuf, .size(let n)): try stream.setSendBufferSize(n)
        case (.linger, .duration(let d)): try stream.setLinger(d)
        case (.readTimeout, .duration(let d)): try stream.setReadTimeout(d)
        case (.writeTimeout, .duration(let d)): try stream.setWriteTimeout(d)
        case (.keepaliveIdle, .duration(let d?)): try stream.setKeepaliveIdle(d)
        case (.keepaliveInterval, .duration(let d?)): try stream.setKeepaliveInterval(d)
        case (.userTimeout, .duration(let d)): try stream.setUserTimeout(d)
        case (.cork, .flag(let on)): try stream.setCork(on)
        case (.notsentLowat, .size(let n)): try stream.setNotSentLowWatermark(n)
        case (.congestion, .name(let name)): try stream.setCongestionControl(name)
        case (.tos, .count(let n)): try stream.setTypeOfService(UInt8(clamping: n))
        case (.maxseg, .count(let n)): try stream.setMaximumSegmentSize(Int(n))
        case (.reuseport, .flag(let on)): try stream.setReusePort(on)
        default:
            throw SocketError(.invalidInput, "\(value.text) is not a value for \(option.rawValue)", call: "set \(option.rawValue)")
        }
    }

    static func read(_ option: SocketOptionName, of stream: TcpStream) -> OptionReading {
        let result = Result { () throws(SocketError) -> OptionValue in
            switch option {
            case .nodelay: .flag(try stream.nodelay())
            case .quickack: .flag(try stream.quickack())
            case .nonblocking: .flag(try stream.isNonblocking())
            case .keepalive: .flag(try stream.keepalive())
            case .ttl: .count(try stream.ttl())
            case .keepaliveCount: .count(try stream.keepaliveCount())
            case .rcvbuf: .size(try stream.receiveBufferSize())
            case .sndbuf: .size(try stream.sendBufferSize())
            case .linger: .duration(try stream.linger())
            case .readTimeout: .duration(try stream.readTimeout())
            case .writeTimeout: .duration(try stream.writeTimeout())
            case .keepaliveIdle: .duration(try stream.keepaliveIdle())
            case .keepaliveInterval: .duration(try stream.keepaliveInterval())
            case .userTimeout: .duration(try stream.userTimeout())
            case .cork: .flag(try stream.cork())
            case .notsentLowat: .size(try stream.notSentLowWatermark())
            case .congestion: .name(try stream.congestionControl())
            case .tos: .count(UInt32(try stream.typeOfService()))
            case .maxseg: .count(UInt32(clamping: try stream.maximumSegmentSize()))
            case .reuseport: .flag(try stream.reusePort())
            }
        }
        switch result {
        case .success(let value): return .value(value)
        case .failure(let error): return .failed(error.errnoName ?? error.description)
        }
    }
}

/// The options a listener has.
enum ListenerOptions {
    static let supported = SocketOptionName.listenerOptions

    static func set(_ option: SocketOptionName, _ value: OptionValue, on listener: TcpListener) throws(SocketError) {
        switch (option, value) {
        case (.ttl, .count(let n)): try listener.setTtl(n)
        case (.nonblocking, .flag(let on)): try listener.setNonblocking(on)
        case (.tos, .count(let n)): try listener.setTypeOfService(UInt8(clamping: n))
        case (.maxseg, .count(let n)): try listener.setMaximumSegmentSize(Int(n))
        case (.congestion, .name(let name)): try listener.setCongestionControl(name)
        case (.reuseport, .flag(let on)): try listener.setReusePort(on)
        default:
            throw SocketError(.invalidInput, "\(value.text) is not a value for \(option.rawValue)", call: "set \(option.rawValue)")
        }
    }

    static func read(_ option: SocketOptionName, of listener: TcpListener) -> OptionReading {
        let result = Result { () throws(SocketError) -> OptionValue? in
            switch option {
            case .ttl: .count(try listener.ttl())
            case .nonblocking: .flag(try listener.isNonblocking())
            case .tos: .count(UInt32(try listener.typeOfService()))
            case .maxseg: .count(UInt32(clamping: try listener.maximumSegmentSize()))
            case .congestion: .name(try listener.congestionControl())
            case .reuseport: .flag(try listener.reusePort())
            default: nil
            }
        }
        switch result {
        case .success(let value?): return .value(value)
        case .success(nil): return .failed("n/a")
        case .failure(let error): return .failed(error.errnoName ?? error.description)
        }
    }
}

extension OptionValue {
    /// As a person reads it, and as the command language writes it: `on`, `64`, `5s`, `off`.
    public var text: String {
        switch self {
        case .flag(let on): on ? "on" : "off"
        case .count(let n): "\(n)"
        case .size(let n): "\(n)"
        case .duration(let d?): DurationText.format(d)
        case .duration(nil): "off"
        case .name(let name): name
        }
    }
}

extension OptionReading {
    public var text: String {
        switch self {
        case .value(let v): v.text
        case .failed(let why): "(\(why))"
        }
    }
}
