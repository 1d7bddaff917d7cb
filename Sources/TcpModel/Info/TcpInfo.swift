import CSocket

/// What the kernel reports about one TCP connection (getsockopt TCP_INFO), in Swift types:
/// times as `Duration`, counts as integers. Fields a kernel does not report read as zero.
public struct TcpInfo: Sendable, Hashable {
    /// nil only if the kernel reports a state number this layer does not know.
    public var state: TcpState?
    public var stateNumber: UInt8
    public var congestionState: CongestionState?
    /// Retransmissions of the current segment, and keepalive or zero-window probes in flight.
    public var retransmits: UInt8
    public var probes: UInt8
    public var backoff: UInt8

    public var rto: Duration
    public var ato: Duration
    public var rtt: Duration
    public var rttVariance: Duration
    public var minRtt: Duration
    public var receiverRtt: Duration

    public var sendMss: UInt32
    public var receiveMss: UInt32
    public var advertisedMss: UInt32
    public var pathMtu: UInt32
    /// Congestion window, in segments.
    public var sendCongestionWindow: UInt32
    /// Slow-start threshold, in segments (a huge value means "not yet set").
    public var sendSlowStartThreshold: UInt32
    public var receiveSlowStartThreshold: UInt32
    public var receiveSpace: UInt32
    /// The peer's advertised receive window, in bytes.
    public var sendWindow: UInt32
    public var sendWindowScale: UInt8
    public var receiveWindowScale: UInt8
    public var reordering: UInt32

    /// Segments sent and not yet acknowledged.
    public var unacked: UInt32
    public var sacked: UInt32
    public var lost: UInt32
    public var retransmitted: UInt32
    public var totalRetransmits: UInt32

    /// Time since the last data was sent, data received and acknowledgement received.
    public var sinceLastDataSent: Duration
    public var sinceLastDataReceived: Duration
    public var sinceLastAckReceived: Duration

    public var bytesAcked: UInt64
    public var bytesReceived: UInt64
    public var bytesSent: UInt64
    public var bytesRetransmitted: UInt64
    public var segmentsOut: UInt32
    public var segmentsIn: UInt32
    public var dataSegmentsOut: UInt32
    public var dataSegmentsIn: UInt32
    /// Bytes written by the application and not yet sent.
    public var notSentBytes: UInt32

    /// Bytes per second.
    public var deliveryRate: UInt64
    public var deliveryRateAppLimited: Bool
    public var pacingRate: UInt64

    public var busyTime: Duration
    public var receiveWindowLimited: Duration
    public var sendBufferLimited: Duration

    /// How many bytes of TCP_INFO the kernel filled in.
    public var reportedLength: Int

    init(_ r: csock_tcp_info) {
        state = TcpState(rawValue: r.state)
        stateNumber = r.state
        congestionState = CongestionState(rawValue: r.ca_state)
        retransmits = r.retransmits
        probes = r.probes
        backoff = r.backoff
        rto = .microseconds(r.rto)
        ato = .microseconds(r.ato)
        rtt = .microseconds(r.rtt)
        rttVariance = .microseconds(r.rttvar)
        minRtt = .microseconds(r.min_rtt)
        receiverRtt = .microseconds(r.rcv_rtt)
        sendMss = r.snd_mss
        receiveMss = r.rcv_mss
        advertisedMss = r.advmss
        pathMtu = r.pmtu
        sendCongestionWindow = r.snd_cwnd
        sendSlowStartThreshold = r.snd_ssthresh
        receiveSlowStartThreshold = r.rcv_ssthresh
        receiveSpace = r.rcv_space
        sendWindow = r.snd_wnd
        sendWindowScale = r.snd_wscale
        receiveWindowScale = r.rcv_wscale
        reordering = r.reordering
        unacked = r.unacked
        sacked = r.sacked
        lost = r.lost
        retransmitted = r.retrans
        totalRetransmits = r.total_retrans
        sinceLastDataSent = .milliseconds(r.last_data_sent)
        sinceLastDataReceived = .milliseconds(r.last_data_recv)
        sinceLastAckReceived = .milliseconds(r.last_ack_recv)
        bytesAcked = r.bytes_acked
        bytesReceived = r.bytes_received
        bytesSent = r.bytes_sent
        bytesRetransmitted = r.bytes_retrans
        segmentsOut = r.segs_out
        segmentsIn = r.segs_in
        dataSegmentsOut = r.data_segs_out
        dataSegmentsIn = r.data_segs_in
        notSentBytes = r.notsent_bytes
        deliveryRate = r.delivery_rate
        deliveryRateAppLimited = r.delivery_rate_app_limited != 0
        pacingRate = r.pacing_rate
        busyTime = .microseconds(r.busy_time)
        receiveWindowLimited = .microseconds(r.rwnd_limited)
        sendBufferLimited = .microseconds(r.sndbuf_limited)
        reportedLength = Int(r.reported_length)
    }

    /// The state's name, or `STATE n` for a number this layer does not know.
    public var stateName: String {
        state?.description ?? "STATE \(stateNumber)"
    }
}
