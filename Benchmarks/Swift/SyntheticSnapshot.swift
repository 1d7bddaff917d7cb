import Inspector
import TcpModel

/// A session's snapshot built by hand for the render figures: `streams` streams (connected
/// pairs: s1 with s2, s3 with s4, ...) behind one listener, a log of a few hundred events, and
/// the selected stream in the middle of the list with its capture full and its other end's too,
/// so the Data pane shows two full hexdumps side by side at 200 columns.
///
/// The kernel's view (TCP_INFO, every option) is read once from a real loopback connection
/// and shared by every stream, so the Options and Kernel panes draw real values.
enum SyntheticSnapshot {
    static func make(streams count: Int, captureBound: Int = 1 << 20) throws(BenchError) -> Snapshot {
        let reading = try KernelReading.take()
        let start = ContinuousClock.now
        let log = EventLog(bound: 10_000, start: start)
        for i in 0..<400 {
            log.append(Event(entry: .stream(StreamID(1 + i % max(1, count))), op: i % 3 == 0 ? "send" : "read",
                             args: "\(i)", value: "\(i * 7) bytes"))
        }
        var snapshot = Snapshot(log: log.view, started: start)
        let listener = ListenerID(1)
        let listenerAddress = SocketAddress.v4(.loopback, port: 40_000)
        snapshot.listenerOrder = [listener]
        var listenerSnapshot = ListenerSnapshot(id: listener, local: listenerAddress, allInterfaces: false)
        listenerSnapshot.accepted = count / 2
        snapshot.listeners[listener] = listenerSnapshot
        // Quiet streams share one small ring each way, as ten thousand idle streams cost little.
        let quiet = CaptureRing(bound: captureBound)
        let hello = Array("hello from a quiet stream\r\n".utf8)
        hello.withUnsafeBytes { quiet.append($0) }
        let selected = StreamID(max(1, count / 2) | 1)
        let busy: Set<Int> = [selected.number, selected.number + 1]
        for n in 1...max(1, count) {
            let id = StreamID(n)
            // Odd ids connected out to the listener; each even id is the accepted other end.
            let clientPort = UInt16(truncatingIfNeeded: 20_000 + (n + 1) / 2 % 40_000)
            let client = SocketAddress.v4(.loopback, port: clientPort)
            let (local, peer) = n % 2 == 1 ? (client, listenerAddress) : (listenerAddress, client)
            let received = busy.contains(n) ? fullRing(bound: captureBound, seed: UInt64(n)) : quiet
            var stream = StreamSnapshot(
                id: id, origin: n % 2 == 1 ? .connected(to: "l1") : .accepted(from: listener), local: local, peer: peer,
                socketKey: n, received: received, sent: quiet, historyLength: 120, lastChange: start)
            stream.receivedTotals = received.totals
            stream.sentTotals = quiet.totals
            stream.peekOffset = received.totals.total
            stream.info = reading.info
            stream.options = reading.options
            stream.follow = busy.contains(n)
            stream.queues.toRead = busy.contains(n) ? 65_536 : 0
            snapshot.insert(stream)
        }
        snapshot.selected = .stream(selected)
        return snapshot
    }

    /// A ring that has received one and a half times its bound of pseudo-random bytes, so it is
    /// full and says how many older bytes it dropped.
    private static func fullRing(bound: Int, seed: UInt64) -> CaptureRing {
        let ring = CaptureRing(bound: bound)
        var x = 0x9E37_79B9_7F4A_7C15 ^ seed
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        for _ in 0..<(bound * 3 / 2 / chunk.count + 1) {
            for i in chunk.indices {
                x ^= x << 13
                x ^= x >> 7
                x ^= x << 17
                chunk[i] = UInt8(truncatingIfNeeded: x)
            }
            chunk.withUnsafeBytes { ring.append($0) }
        }
        return ring
    }
}

/// TCP_INFO and every option of a real loopback connection, read once.
private struct KernelReading {
    var info: TcpInfo?
    var options: [SocketOptionName: OptionReading]

    static func take() throws(BenchError) -> KernelReading {
        do {
            let listener = try TcpListener.bind(SocketAddress.v4(.loopback, port: 0))
            let client = try TcpStream.connect(try listener.localAddr())
            let (server, _) = try listener.accept()
            _ = server
            return KernelReading(info: try? client.tcpInfo(), options: Session.readOptions(of: client))
        } catch {
            throw BenchError("a loopback connection for the kernel's view: \(error)")
        }
    }
}
