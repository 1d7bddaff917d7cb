import Inspector
import TcpModel

/// What the kernel says about the selected connection (TCP_INFO and the queue lengths), with a
/// short history of rtt and bytes waiting; on a TLS stream, what its handshake settled too.
enum KernelPane {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState, focused: Bool, tabs: String?) {
        let subject = snapshot.selected.map { " \($0)" } ?? ""
        let last = snapshot.selectedStream?.closed == nil ? "" : "last "
        let tls = snapshot.selectedStream?.tls == nil ? "" : " · TLS"
        let inner = PaneFrame.draw(&canvas, rect, title: tabs ?? "Kernel\(subject) (\(last)TCP_INFO\(tls))", focused: focused,
                                   unicode: view.unicode)
        guard let s = snapshot.selectedStream else {
            let text = snapshot.selectedListener != nil ? "A listener: state LISTEN." : "Select a stream."
            canvas.put(text, x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
            return
        }
        let lines = self.lines(s, width: inner.width - 1, unicode: view.unicode)
        // A line wider than the pane goes on below its label, a whole part at a time, so
        // no number is ever cut (`pmtu 65535`, not `pmtu 6`).
        var y = inner.y
        for line in lines {
            guard y < inner.maxY else { break }
            var x = inner.x + 1
            for (n, (text, role)) in line.enumerated() {
                var part = Substring(text)
                if n > 0, x + part.count > inner.maxX {
                    // No row left to go on: leave the part out rather than cut it.
                    guard y + 1 < inner.maxY else { break }
                    y += 1
                    x = inner.x + 1 + labelWidth
                    part = part.drop { $0 == " " }
                }
                x += canvas.put(part, x: x, y: y, role: role, limit: inner.maxX - x)
            }
            y += 1
        }
    }

    static let labelWidth = 10

    /// Columns the pane needs to show the selected stream's lines unwrapped, frame included.
    static func naturalWidth(_ snapshot: Snapshot) -> Int {
        guard let s = snapshot.selectedStream else { return 0 }
        let widest = lines(s, width: 40, unicode: true).map { $0.reduce(0) { $0 + $1.0.count } }.max() ?? 0
        return widest + 4
    }

    static func lines(_ s: StreamSnapshot, width: Int, unicode: Bool) -> [[(String, Role)]] {
        let q = s.queues
        guard let i = s.info else {
            return [[("state ", .dim), ("unknown (TCP_INFO unavailable)", .error)]]
        }
        let label: (String) -> (String, Role) = { ($0.fitted(labelWidth, pad: true), .dim) }
        let spark = max(0, width - 28)
        let closed: [[(String, Role)]] = s.closed.map { [[label("CLOSED"), ($0.how, .warning), ("  as last read before the close", .dim)]] } ?? []
        return closed + [
            [label("state"), (i.stateName, StreamsPane.stateRole(s)), ("  ca \(i.congestionState?.description ?? "?")", .dim)],
            [label("rtt"), ("\(TcpInfoText.micros(i.rtt)) ± \(TcpInfoText.micros(i.rttVariance))", .normal),
             ("  min \(TcpInfoText.micros(i.minRtt))", .dim), ("  rto \(TcpInfoText.micros(i.rto))", .dim)],
            [label("cwnd"), ("\(i.sendCongestionWindow) seg", .normal), ("  ssthresh \(TcpInfoText.ssthresh(i.sendSlowStartThreshold))", .dim),
             ("  mss \(i.sendMss)", .dim), ("  pmtu \(i.pathMtu)", .dim)],
            [label("retrans"), ("\(i.retransmits) now, \(i.totalRetransmits) total", i.totalRetransmits > 0 ? .warning : .normal),
             ("  lost \(i.lost)", .dim), ("  unacked \(i.unacked) seg", .dim)],
            // Keepalive and zero-window probes sent and not yet answered, and how many times
            // the retransmission timer has doubled: what rises when the peer has gone.
            [label("probes"), ("\(i.probes) unanswered", i.probes > 0 ? .warning : .normal),
             ("  backoff \(i.backoff)", i.backoff > 0 ? .warning : .dim)],
            [label("to read"), (Quantity.grouped(q.toRead) + " B", q.toRead > 0 ? .peeked : .normal),
             ("  unacked \(Quantity.grouped(q.unacked)) B", q.unacked > 0 ? .sent : .dim),
             ("  unsent \(Quantity.grouped(q.unsent)) B", q.unsent > 0 ? .sent : .dim)],
            [label("delivery"), (Quantity.rate(i.deliveryRate), .normal),
             ("  segs out \(i.segmentsOut)", .dim), ("  in \(i.segmentsIn)", .dim)],
        ] + tlsLines(s, label) + [
            [label("rtt  "), (Sparkline.render(s.rttHistory.values, width: spark, unicode: unicode), .good)],
            [label("waiting"), (Sparkline.render(s.toReadHistory.values, width: spark, unicode: unicode), .peeked)],
        ]
    }

    /// A TLS stream's handshake facts: version and cipher, verification, the peer's name.
    static func tlsLines(_ s: StreamSnapshot, _ label: (String) -> (String, Role)) -> [[(String, Role)]] {
        guard let tls = s.tls else { return [] }
        var lines: [[(String, Role)]] = [
            [label("tls"), (tls.version, .normal), ("  \(tls.cipher)", .dim)],
        ]
        let verify: (String, Role) = tls.isServer
            ? ("client cert: \(tls.verifyResult)", .normal)
            : tls.verified ? (tls.verifyResult, .good) : ("INSECURE (would be: \(tls.verifyResult))", .warning)
        lines.append([label("verify"), verify, ("  alpn \(tls.alpn ?? "none")", .dim), ("  session \(tls.resumed ? "resumed" : "new")", .dim)])
        if let peer = tls.peer {
            lines.append([label("peer"), (peer.subject, .normal), ("  until \(peer.notAfter)", .dim)])
        }
        return lines
    }
}
