import Inspector
import TcpModel

/// What the kernel says about the selected connection (TCP_INFO and the queue lengths), with a
/// short history of rtt and bytes waiting.
enum KernelPane {
    static func draw(_ canvas: inout Canvas, _ rect: Rect, snapshot: Snapshot, view: ViewState, focused: Bool, tabs: String?) {
        let subject = snapshot.selected.map { " \($0)" } ?? ""
        let last = snapshot.selectedStream?.closed == nil ? "" : "last "
        let inner = PaneFrame.draw(&canvas, rect, title: tabs ?? "Kernel\(subject) (\(last)TCP_INFO)", focused: focused, unicode: view.unicode)
        guard let s = snapshot.selectedStream else {
            let text = snapshot.selectedListener != nil ? "A listener: state LISTEN." : "Select a stream."
            canvas.put(text, x: inner.x + 1, y: inner.y, role: .dim, limit: inner.width - 1)
            return
        }
        let lines = self.lines(s, width: inner.width - 1, unicode: view.unicode)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            var x = inner.x + 1
            for (text, role) in line {
                x += canvas.put(text, x: x, y: inner.y + i, role: role, limit: inner.maxX - x)
            }
        }
    }

    static func lines(_ s: StreamSnapshot, width: Int, unicode: Bool) -> [[(String, Role)]] {
        let q = s.queues
        guard let i = s.info else {
            return [[("state ", .dim), ("unknown (TCP_INFO unavailable)", .error)]]
        }
        let label: (String) -> (String, Role) = { ($0.fitted(10, pad: true), .dim) }
        let spark = max(0, width - 28)
        let closed: [[(String, Role)]] = s.closed.map { [[label("CLOSED"), ($0.how, .warning), ("  as last read before the close", .dim)]] } ?? []
        return closed + [
            [label("state"), (i.stateName, StreamsPane.stateRole(s)), ("  ca \(i.congestionState?.description ?? "?")", .dim)],
            [label("rtt"), ("\(TcpInfoText.micros(i.rtt)) ± \(TcpInfoText.micros(i.rttVariance))", .normal),
             ("  min \(TcpInfoText.micros(i.minRtt))  rto \(TcpInfoText.micros(i.rto))", .dim)],
            [label("cwnd"), ("\(i.sendCongestionWindow) seg", .normal), ("  ssthresh \(TcpInfoText.ssthresh(i.sendSlowStartThreshold))", .dim),
             ("  mss \(i.sendMss)  pmtu \(i.pathMtu)", .dim)],
            [label("retrans"), ("\(i.retransmits) now, \(i.totalRetransmits) total", i.totalRetransmits > 0 ? .warning : .normal),
             ("  lost \(i.lost)  unacked \(i.unacked) seg", .dim)],
            // Keepalive and zero-window probes sent and not yet answered, and how many times
            // the retransmission timer has doubled: what rises when the peer has gone.
            [label("probes"), ("\(i.probes) unanswered", i.probes > 0 ? .warning : .normal),
             ("  backoff \(i.backoff)", i.backoff > 0 ? .warning : .dim)],
            [label("to read"), (Quantity.grouped(q.toRead) + " B", q.toRead > 0 ? .peeked : .normal),
             ("  unacked \(Quantity.grouped(q.unacked)) B  unsent \(Quantity.grouped(q.unsent)) B", q.unacked > 0 ? .sent : .dim)],
            [label("delivery"), (Quantity.rate(i.deliveryRate), .normal),
             ("  segs out \(i.segmentsOut) in \(i.segmentsIn)", .dim)],
            [label("rtt  "), (Sparkline.render(s.rttHistory.values, width: spark, unicode: unicode), .good)],
            [label("waiting"), (Sparkline.render(s.toReadHistory.values, width: spark, unicode: unicode), .peeked)],
        ]
    }
}
