import ArgumentParser
import Glibc
import Inspector
import TcpModel

/// `tcpscope sockets`: every TCP socket on the host, from the kernel's sock_diag, with owners.
struct SocketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sockets",
        abstract: "Every TCP socket on the host (sock_diag) with its owner: live on the screen, as JSON, or abort some.",
        discussion: """
            Without --json or --abort the screen opens on the Host view: a table refreshed once a \
            second, sorted with < and > (the column) and o (the order), rows that changed marked \
            with *; Enter attaches to the socket under the cursor (read-only until allow-write), \
            K aborts its connection, H leaves it for the streams. FILTER is a small subset of ss's filter language: `state established` (also \
            listening, time-wait, close-wait, syn-sent, syn-recv, fin-wait-1, fin-wait-2, \
            last-ack, closing, closed, connected, synchronized, all), `sport = :6379`, \
            `dport != :443` (= != < <= > >=), `src 127.0.0.0/8`, `dst ::1`, `pid 1234`, \
            `comm redis-server`, joined with and / or / not and parentheses. A malformed \
            filter is refused with exit status 64, naming the token. Without root, owners of \
            other users' processes cannot be read: they are left out, and standard error says so.
            """
    )

    @Flag(help: "Print one JSON object per socket, one per line, and exit.")
    var json = false

    @Flag(help: "Abort every connection the filter selects (SOCK_DESTROY, as ss -K; needs CAP_NET_ADMIN). Each owner's next call fails with ECONNABORTED.")
    var abort = false

    @Argument(help: "The filter (see above); none selects every socket.")
    var filter: [String] = []

    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let parsed: HostFilter
        do {
            parsed = try HostFilter.parse(filter)
        } catch {
            StandardError.write("tcpscope sockets: \(error.message)\n")
            throw ExitCode(64)
        }
        if abort && parsed == .all {
            StandardError.write("tcpscope sockets: --abort needs a filter (it would abort every connection on the host)\n")
            throw ExitCode(64)
        }
        if !json && !abort {
            try Launcher.runScreen(Self.self, screen, startup: [], greeting: "", hostFilter: filter.joined(separator: " "))
            return
        }
        let listing: HostListing
        let result: HostListing.Result
        do {
            listing = try HostListing()
            result = try listing.look(parsed)
        } catch {
            StandardError.write("tcpscope sockets: \(error)\n")
            throw ExitCode.failure
        }
        for note in result.missing { StandardError.write("tcpscope sockets: \(note)\n") }
        if abort {
            try abortAll(result.rows, listing)
        } else {
            // One buffer, written out whenever it holds 256 KiB: large writes, and memory the
            // listing touches once instead of megabytes of fresh pages.
            var json = JSONBytes()
            json.bytes.reserveCapacity(1 << 18 + 4096)
            for row in result.rows {
                row.appendJSON(to: &json)
                if json.bytes.count >= 1 << 18 {
                    BufferedOutput.writeAll(json.bytes)
                    json.bytes.removeAll(keepingCapacity: true)
                }
            }
            BufferedOutput.writeAll(json.bytes)
        }
    }

    private func abortAll(_ rows: [HostRow], _ listing: HostListing) throws {
        var failed = false
        var out = BufferedOutput()
        for row in rows {
            let name = HostRow.describe(row)
            do {
                try listing.abort(row)
                out.write("aborted \(name)\n")
            } catch {
                failed = true
                out.flush()
                StandardError.write("tcpscope sockets: could not abort \(name): \(HostListing.abortRefusal(error))\n")
                // Without the capability every other abort fails the same way: said once.
                if error.code == EPERM || error.code == EACCES { break }
            }
        }
        if rows.isEmpty { StandardError.write("tcpscope sockets: no connection matches the filter; nothing aborted\n") }
        out.flush()
        if failed { throw ExitCode.failure }
    }
}

/// Standard output in large writes: a listing of tens of thousands of lines should cost a few
/// write calls, not one per line.
struct BufferedOutput {
    private var pending: [UInt8] = []

    mutating func write(_ text: String) {
        write(Array(text.utf8))
    }

    mutating func write(_ bytes: [UInt8]) {
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        Self.writeAll(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` to standard output, retrying short writes and EINTR.
    static func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
    }
}
