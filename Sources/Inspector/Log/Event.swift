import TlsLayer

/// One operation as it happened: what was called, on what, and what the kernel answered.
public struct Event: Sendable, Hashable {
    /// Position in the log, from 0, never reused.
    public var sequence: UInt64
    /// Time since the session started (monotonic clock).
    public var time: Duration
    /// `s1`, `l1`, or nil for session-wide events.
    public var entry: EntryID?
    /// The call as the command language names it: `connect`, `read`, `set nodelay`, ...
    public var op: String
    /// Its arguments as typed (`127.0.0.1:8080 timeout=2s`, `5`, `on`).
    public var args: String
    public var ok: Bool
    /// The errno name and text (`ECONNREFUSED (Connection refused) in connect to ...`) or another
    /// reason, when not ok.
    public var error: String?
    /// The errno name alone (`ECONNREFUSED`), when an errno caused the failure.
    public var errnoName: String?
    /// Bytes read, peeked or sent, when the call moved bytes.
    public var bytes: [UInt8]?
    /// A value the kernel reported: the option's value after a set or get, an address, a count.
    public var value: String?
    /// How long the call took, for calls that can block.
    public var elapsed: Duration?
    /// The bytes are a TLS stream's plaintext (what was encrypted or decrypted), not what
    /// crossed the wire.
    public var plaintext = false
    /// What a TLS handshake settled, on the `handshake` and `starttls` events that finished one
    /// (the transcript writes it as the `tls` object).
    public var tls: TlsFacts?

    public init(sequence: UInt64 = 0, time: Duration = .zero, entry: EntryID?, op: String, args: String = "",
                ok: Bool = true, error: String? = nil, errnoName: String? = nil, bytes: [UInt8]? = nil,
                value: String? = nil, elapsed: Duration? = nil) {
        self.sequence = sequence
        self.time = time
        self.entry = entry
        self.op = op
        self.args = args
        self.ok = ok
        self.error = error
        self.errnoName = errnoName
        self.bytes = bytes
        self.value = value
        self.elapsed = elapsed
    }
}
