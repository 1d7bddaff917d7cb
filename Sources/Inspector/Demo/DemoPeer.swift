import Dispatch
import Glibc
import Synchronization
import TcpModel

/// A peer on loopback that talks, so a first look at tcpscope has something to show: it
/// greets, answers every line, sends a line every few seconds, and on `frame` sends a small
/// binary frame (with control bytes, an escape sequence and invalid UTF-8, which the hex view
/// shows safely as dots). `help` lists what it understands; `bye` closes the connection.
public final class DemoPeer: Sendable {
    public let address: SocketAddress
    private let listener: TcpListener
    private let stopped = Atomic<Bool>(false)
    public let tickInterval: Duration

    public init(tickInterval: Duration = .seconds(3)) throws(SocketError) {
        listener = try TcpListener.bind("127.0.0.1:0")
        address = try listener.localAddr()
        self.tickInterval = tickInterval
        let listener = listener
        DispatchQueue(label: "tcpscope.demo.accept").async { [weak self] in
            while let self, !self.stopped.load(ordering: .relaxed) {
                guard let (stream, _) = try? listener.accept() else { return }
                DispatchQueue(label: "tcpscope.demo.conn").async { [weak self] in self?.serve(stream) }
            }
        }
    }

    /// Stops accepting; open connections end at their next tick.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        _ = try? listener.setNonblocking(true)
        // Wake the blocked accept with a connection of our own.
        _ = try? TcpStream.connect(to: address, timeout: .milliseconds(200))
    }

    public static let greeting = "Welcome to the tcpscope demo peer. Send a line and it comes back; `frame` for binary, `help`, `bye`.\r\n"

    /// A small frame of the kind binary protocols use: magic, length, payload, checksum.
    public static let frame: [UInt8] = {
        var payload: [UInt8] = Array(0x00...0x0F)
        payload += [0x1B] + Array("[31mRED".utf8) + [0x1B, 0x5D] + Array("0;pwned".utf8) + [0x07]
        payload += [0xFF, 0xFE, 0xC0, 0xAF, 0x7F, 0x80]
        var frame: [UInt8] = [0x54, 0x53, 0x01, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        frame += payload
        frame.append(payload.reduce(0, &+))
        return frame
    }()

    private func serve(_ stream: TcpStream) {
        try? stream.setNodelay(true)
        guard (try? stream.writeAll(Array(DemoPeer.greeting.utf8))) != nil else { return }
        var ticks = 0
        var pending: [UInt8] = []
        let clock = ContinuousClock()
        var nextTick = clock.now + tickInterval
        while !stopped.load(ordering: .relaxed) {
            var pfd = pollfd(fd: stream.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let wait = max(.zero, nextTick - clock.now)
            let ready = poll(&pfd, 1, wait.pollMilliseconds)
            if ready > 0 {
                guard let bytes = try? stream.read(maxLength: 4096), !bytes.isEmpty else { return }
                pending += bytes
                while let nl = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<nl], as: UTF8.self).trimmingWhitespace()
                    pending.removeSubrange(...nl)
                    guard let reply = answer(line) else { return }
                    guard (try? stream.writeAll(reply)) != nil else { return }
                }
                if pending.count > 65536 { pending.removeAll() }
            }
            if clock.now >= nextTick {
                ticks += 1
                let line = "tick \(ticks): the demo peer is still here\r\n"
                guard (try? stream.writeAll(Array(line.utf8))) != nil else { return }
                nextTick = clock.now + tickInterval
            }
        }
    }

    /// The reply to one line, or nil to close.
    private func answer(_ line: String) -> [UInt8]? {
        switch line.lowercased() {
        case "bye", "quit":
            return nil
        case "frame":
            return DemoPeer.frame
        case "help":
            return Array("commands: frame (binary frame), bye (close), anything else is echoed\r\n".utf8)
        default:
            return Array("echo: \(line)\r\n".utf8)
        }
    }
}
