import Glibc

/// Goal 10: a relay between the C source and the C sink, run alternately as tcpscope (`run -q`
/// of `relay PORT 127.0.0.1:SOURCE`, every byte captured on both streams), the C reference
/// (Benchmarks/C/relay.c: recv/send, 256 KiB, one thread per direction) and socat
/// (`TCP-LISTEN:P,reuseaddr TCP:127.0.0.1:U`). The figure is the CPU seconds per GiB of the
/// relay process; the source's clock gives the throughput.
struct RelayProbe {
    static let figurePrefix = "10 relay"

    enum Kind: String, CaseIterable {
        case tcpscope = "tcpscope relay"
        case c = "C relay"
        case socat = "socat"
    }

    struct Result {
        var seconds: Double
        var cpuSecondsPerGiB: Double
    }

    let tools: Tools
    let bytes: UInt64
    let pairs: Int
    let progress: (String) -> Void

    func measure() -> [Row] {
        let kinds = Kind.allCases.filter { $0 != .socat || Tools.installed("socat") }
        var results: [Kind: [Result]] = [:]
        var failures: [String] = []
        for pair in 1...max(1, pairs) {
            for kind in kinds {
                do {
                    let result = try once(kind)
                    results[kind, default: []].append(result)
                    progress("  pair \(pair): \(kind.rawValue): \(Format.fixed(result.cpuSecondsPerGiB, 3)) CPU s/GiB, "
                             + "\(Format.fixed(result.seconds, 3)) s")
                } catch {
                    failures.append("\(kind.rawValue): \(error.description)")
                    progress("  pair \(pair): \(kind.rawValue): FAILED: \(error.description)")
                }
            }
        }
        let failure = failures.first.map { "\(failures.count) run(s) failed, first: \($0)" }
        var rows = [cpuRow(results, against: .c, goal: .atMost(1.2), failure: failure),
                    wallRow(results, failure: failure)]
        if kinds.contains(.socat) {
            rows.insert(cpuRow(results, against: .socat, goal: .atMost(0.5), failure: failure), at: 1)
        } else {
            rows.append(.skipped("\(Self.figurePrefix) CPU/GiB / socat", goal: .atMost(0.5), "socat not installed"))
        }
        return rows
    }

    private func cpuRow(_ results: [Kind: [Result]], against reference: Kind, goal: Goal, failure: String?) -> Row {
        let subject = Median.of(results[.tcpscope, default: []].map(\.cpuSecondsPerGiB))
        let other = Median.of(results[reference, default: []].map(\.cpuSecondsPerGiB))
        let pairs = zip(results[.tcpscope, default: []], results[reference, default: []]).map { $0.cpuSecondsPerGiB / max($1.cpuSecondsPerGiB, 1e-9) }
        return Row(figure: "\(Self.figurePrefix) CPU/GiB: tcpscope relay / \(reference.rawValue)",
                   measured: subject.map { "\(Format.fixed($0, 3)) s/GiB" } ?? "-",
                   reference: other.map { "\(Format.fixed($0, 3)) s/GiB \(reference.rawValue)" } ?? "-",
                   ratio: subject.flatMap { s in other.flatMap { $0 > 0 ? s / $0 : nil } }, spread: Median.range(pairs),
                   goal: goal, failure: subject == nil || other == nil ? (failure ?? "no run completed") : failure)
    }

    /// Throughput against the C relay: the C relay's time over tcpscope's, per pair.
    private func wallRow(_ results: [Kind: [Result]], failure: String?) -> Row {
        let ratios = zip(results[.tcpscope, default: []], results[.c, default: []]).map { $1.seconds / $0.seconds }
        let rate = { (r: [Result]?) in Median.of((r ?? []).map { Double(bytes) / $0.seconds / 1e9 }) }
        return Row(figure: "\(Self.figurePrefix) wall: tcpscope relay / C relay (throughput)",
                   measured: rate(results[.tcpscope]).map(Format.rate) ?? "-",
                   reference: rate(results[.c]).map { "\(Format.rate($0)) C relay" } ?? "-",
                   ratio: Median.of(ratios), spread: Median.range(ratios), goal: .atLeast(0.9),
                   failure: ratios.isEmpty ? (failure ?? "no pair completed") : failure)
    }

    /// One transfer through one relay.
    private func once(_ kind: Kind) throws(BenchError) -> Result {
        let limit = 30 + Int(bytes / 50_000_000)
        let errorLog = "\(tools.workDirectory)/stderr.log"
        let source = try ChildProcess([tools.cSource, "--listen", "--bytes", "\(bytes)", "--limit", "\(limit)"],
                                      stdout: .pipe, errorLog: errorLog)
        defer { source.kill() }
        guard let out = source.stdout else { throw BenchError("source has no output pipe") }
        let lines = LineReader(out)
        guard let upstream = lines.fields(after: "port", until: MonotonicTime.now() + 10)?.first else {
            throw BenchError("the source did not say its port")
        }
        let relay: ChildProcess
        let port: String
        switch kind {
        case .c:
            relay = try ChildProcess([tools.cRelay, "--upstream", "127.0.0.1:\(upstream)", "--limit", "\(limit)"],
                                     stdout: .pipe, errorLog: errorLog)
            guard let relayOut = relay.stdout,
                  let said = LineReader(relayOut).fields(after: "port", until: MonotonicTime.now() + 10)?.first else {
                relay.kill()
                throw BenchError("the C relay did not say its port")
            }
            port = String(said)
        case .tcpscope, .socat:
            // These two take a port to listen on: one the kernel just gave out, then let go.
            port = try Self.freePort()
            let argv: [String]
            if kind == .socat {
                argv = ["socat", "TCP-LISTEN:\(port),reuseaddr,bind=127.0.0.1", "TCP:127.0.0.1:\(upstream)"]
            } else {
                let script = "\(tools.workDirectory)/relay-\(port).tcps"
                try TextFile.write(script, "relay \(port) 127.0.0.1:\(upstream)\nl1: wait accepted timeout=60s\n"
                                   + "try s1: wait closed timeout=\(limit)s\n")
                argv = [tools.tcpscope, "run", "-q", script]
            }
            relay = try ChildProcess(argv, stdout: .null, errorLog: errorLog)
            guard Self.waitForListener(port: port, until: MonotonicTime.now() + 10) else {
                relay.kill()
                throw BenchError("\(kind.rawValue) did not listen on \(port)")
            }
        }
        defer { relay.kill() }
        let sink = try ChildProcess([tools.cSink, "--connect", "127.0.0.1:\(port)", "--limit", "\(limit)"], stdout: .null, errorLog: errorLog)
        defer { sink.kill() }
        guard let report = lines.fields(after: "bytes", until: MonotonicTime.now() + Double(limit)),
              report.count >= 3, UInt64(report[0]) == bytes, let seconds = Double(report[2]) else {
            throw BenchError("\(kind.rawValue): no result from the source")
        }
        _ = sink.waitExit(timeout: 30)
        guard let end = relay.waitExit(timeout: 30), end.succeeded else {
            throw BenchError("\(kind.rawValue): the relay did not end by itself after the transfer")
        }
        return Result(seconds: seconds, cpuSecondsPerGiB: end.cpuSeconds / (Double(bytes) / Double(1 << 30)))
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws(BenchError) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw BenchError("bind to 127.0.0.1:0: errno \(errno)") }
        return String(UInt16(bigEndian: address.sin_port))
    }

    /// Whether a socket listens on 127.0.0.1:`port` (from /proc/net/tcp: a connect would be
    /// taken as the relay's client).
    private static func waitForListener(port: String, until deadline: Double) -> Bool {
        guard let number = UInt16(port) else { return false }
        let needle = ":" + String(number, radix: 16, uppercase: true).leftPadded(to: 4) + " "
        while MonotonicTime.now() < deadline {
            let table = TextFile.read("/proc/net/tcp", limit: 1 << 22)
            if table.split(separator: "\n").contains(where: { $0.contains(needle) && $0.contains(" 0A ") }) { return true }
            usleep(10_000)
        }
        return false
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
