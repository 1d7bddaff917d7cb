/// Everything that can sit at the receiving end of a benchmark transfer: tcpscope itself, the
/// Swift socket layer alone, the C references and the common tools people would use instead.
enum Sink: String, CaseIterable, Sendable {
    /// `tcpscope run -q` of a script that connects, turns follow on and waits for the end.
    case tcpscopeFollow = "tcpscope follow"
    /// The same with `--transcript FILE`: every byte received goes into the transcript as hex.
    case tcpscopeTranscript = "tcpscope follow --transcript"
    /// tcpscope's screen in a 200x60 tmux terminal, following the stream with its hex view on
    /// screen (`tcpscope connect ADDR --script`: follow on, wait closed, close).
    case tcpscopeScreen = "tcpscope screen (tmux)"
    /// The same, run by another tcpscope binary (`--baseline PATH`): before and after a change.
    case baselineFollow = "baseline tcpscope follow"
    /// A `TcpStream.read(into:)` loop over a 256 KiB buffer (`Benchmarks tcpmodel-sink`).
    case tcpModel = "TcpModel read loop"
    /// Benchmarks/C/sink.c: recv into 256 KiB until end of stream, the physical limit.
    case cRecv = "C recv loop"
    /// The same loop, copying every byte into a 1 MiB ring.
    case cRing = "C recv + 1 MiB ring copy"
    /// recv straight into a 1 MiB ring, as follow mode does: the limit for that capture.
    case cRingDirect = "C recv into 1 MiB ring"
    /// The recv loop writing every byte as two hex digits into a buffered file (`--hex FILE`):
    /// the reference for a transcript.
    case cHex = "C recv + hex into a file"
    /// `tcpscope run -q` of a script that connects with `tls://... insecure`, follows and waits
    /// for the end: plaintext into the capture, against a TLS source.
    case tcpscopeFollowTls = "tcpscope follow over TLS"
    /// Benchmarks/C/sink.c --tls: an SSL_read loop until close_notify, the reference for it.
    case cSslRead = "C SSL_read loop"
    case socat = "socat"
    case ncat = "ncat"
    case nc = "nc (OpenBSD)"

    /// The sinks that speak TLS: the source sends over TLS 1.3 with AES-128-GCM (`--tls`).
    var needsTls: Bool { self == .tcpscopeFollowTls || self == .cSslRead }

    /// The tools that are optional: measured only when installed.
    var externalTool: String? {
        switch self {
        case .socat: "socat"
        case .ncat: "ncat"
        case .nc: "nc"
        default: nil
        }
    }

    /// The file this sink writes while it receives (a transcript, hex), which the driver
    /// removes after the run; nil for sinks that write nothing.
    func outputFile(port: UInt16, tools: Tools) -> String? {
        switch self {
        case .tcpscopeTranscript: "\(tools.fileDirectory)/transcript-\(port).jsonl"
        case .cHex: "\(tools.fileDirectory)/hex-\(port).txt"
        default: nil
        }
    }

    /// The command that connects to 127.0.0.1:`port` and consumes everything.
    func argv(port: UInt16, tools: Tools) throws(BenchError) -> [String] {
        let address = "127.0.0.1:\(port)"
        switch self {
        case .tcpscopeTranscript:
            let script = "\(tools.workDirectory)/follow-\(port).tcps"
            try TextFile.write(script, FollowScript.text(address: address))
            guard let file = outputFile(port: port, tools: tools) else { throw BenchError("no transcript file") }
            return [tools.tcpscope, "run", "-q", "--transcript", file, script]
        case .cHex:
            guard let file = outputFile(port: port, tools: tools) else { throw BenchError("no hex file") }
            return [tools.cSink, "--connect", address, "--hex", file]
        case .tcpscopeFollow, .baselineFollow:
            let script = "\(tools.workDirectory)/follow-\(port).tcps"
            try TextFile.write(script, FollowScript.text(address: address))
            let binary = self == .baselineFollow ? tools.baseline : tools.tcpscope
            guard let binary else { throw BenchError("no --baseline binary was given") }
            return [binary, "run", "-q", script]
        case .tcpscopeScreen:
            let script = "\(tools.workDirectory)/screen-follow-\(port).tcps"
            try TextFile.write(script, FollowScript.screenText)
            return [tools.tcpscope, "connect", address, "--script", script]
        case .tcpscopeFollowTls:
            let script = "\(tools.workDirectory)/follow-tls-\(port).tcps"
            try TextFile.write(script, FollowScript.text(address: "tls://\(address) insecure"))
            return [tools.tcpscope, "run", "-q", script]
        case .cSslRead:
            return [tools.cSink, "--connect", address, "--tls"]
        case .tcpModel:
            return [tools.benchmarks, "tcpmodel-sink", "--connect", address]
        case .cRecv:
            return [tools.cSink, "--connect", address]
        case .cRing:
            return [tools.cSink, "--connect", address, "--ring"]
        case .cRingDirect:
            return [tools.cSink, "--connect", address, "--ring-direct"]
        case .socat:
            // Its defaults, as a person would type it; the data goes to stdout (/dev/null).
            return ["socat", "-u", "TCP:\(address)", "STDOUT"]
        case .ncat:
            return ["ncat", "--recv-only", "127.0.0.1", "\(port)"]
        case .nc:
            // -d: never read standard input, so the network's end of stream ends it.
            return ["nc", "-d", "127.0.0.1", "\(port)"]
        }
    }
}

/// The script tcpscope runs as a sink: the shape of Assets/scripts/follow.tcps, against an
/// outside sender.
enum FollowScript {
    static func text(address: String) -> String {
        """
        # Written by the benchmark driver: receive everything in follow mode (capture on).
        connect \(address)
        follow on
        wait closed timeout=300s

        """
    }

    /// The screen's part after its own `connect`: follow, and close once everything is read,
    /// which stops the source's clock. The screen stays up; the driver ends it.
    static let screenText = """
        # Written by the benchmark driver: the screen receives everything in follow mode.
        follow on
        wait closed timeout=300s
        close

        """
}
