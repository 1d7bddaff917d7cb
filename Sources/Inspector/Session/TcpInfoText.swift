import TcpModel

/// TCP_INFO in one line, for the log and scripts.
public enum TcpInfoText {
    public static func summary(_ info: TcpInfo) -> String {
        "\(info.stateName) rtt=\(micros(info.rtt))/\(micros(info.rttVariance)) cwnd=\(info.sendCongestionWindow)"
            + " ssthresh=\(ssthresh(info.sendSlowStartThreshold)) mss=\(info.sendMss) pmtu=\(info.pathMtu)"
            + " unacked=\(info.unacked) retrans=\(info.retransmits)/\(info.totalRetransmits) lost=\(info.lost)"
            + " probes=\(info.probes) backoff=\(info.backoff)"
            + " segs_out=\(info.segmentsOut) segs_in=\(info.segmentsIn) notsent=\(info.notSentBytes) snd_wnd=\(info.sendWindow)"
            + " delivery_rate=\(info.deliveryRate)B/s"
    }

    /// A duration in the unit TCP_INFO counts in, microseconds, shown as ms when large.
    public static func micros(_ d: Duration) -> String {
        let us = d.wholeMicroseconds
        if us < 1000 { return "\(us)us" }
        let ms = Double(us) / 1000
        return ms < 100 ? "\((ms * 10).rounded() / 10)ms" : "\(Int(ms.rounded()))ms"
    }

    /// The kernel's "not set yet" slow-start threshold is a huge number; say so.
    public static func ssthresh(_ value: UInt32) -> String {
        value >= 0x7FFF_FFFF ? "inf" : "\(value)"
    }
}
