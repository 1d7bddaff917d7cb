import TcpModel
import TlsLayer

/// One command of the command language: the value a `:` prompt line, a key binding and a script
/// line all become. Values are checked when parsed (ports, ranges, durations), so whoever runs
/// a command only has the kernel's answer left to handle.
public enum Command: Sendable, Hashable {
    /// `connect HOST:PORT [timeout=DUR] [from=ADDR:PORT]`, or `connect l1` to reach a listener
    /// of this session at its own address (then `target` is `"l1"`). HOST may be a DNS name,
    /// resolved when run; an IPv6 address is written in brackets. `from` is a numeric local
    /// address to bind first (port 0: the kernel picks), normalised as `SocketAddress` writes it.
    /// `connect tls://HOST:PORT [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE]` is the same with
    /// `tls` set: the TCP connect, then a TLS handshake over it.
    case connect(target: String, timeout: Duration?, from: String? = nil, tls: TlsClientOptions? = nil)
    /// `listen [HOST:]PORT [backlog=N] [reuseaddr=on|off] [reuseport=on|off] [accept=on|off]`, the address
    /// normalised to `HOST:PORT`: a bare port means `127.0.0.1:PORT` (loopback unless asked, for
    /// safety) and `*:PORT` means `0.0.0.0:PORT`; `l1` means the address listener l1 had (open
    /// or closed). `backlog` nil is the usual 128; SO_REUSEADDR is on unless asked otherwise.
    /// `accept=off` leaves connections in the kernel's accept queue, so it fills (and then
    /// overflows: new SYNs are dropped) as it would behind a server too busy to accept.
    /// `listen tls:[HOST:]PORT cert=FILE key=FILE [ca=FILE]` is the same with `tls` set: each
    /// connection accepted runs a server handshake before it is listed.
    case listen(address: String, backlog: Int? = nil, reuseAddress: Bool = true, reusePort: Bool = false, accepting: Bool = true,
                tls: TlsServerOptions? = nil)
    /// `select s2`: the entry later commands apply to.
    case select(EntryID)
    /// `send TEXT` (the rest of the line, C escapes), or parts: `send "GET /\r\n" hex:0d0a
    /// file:body.bin repeat=3`.
    case send(SendPayload)
    /// `read [N]`: consume up to N bytes (1...16 MiB); nil leaves the size to the session.
    case read(Int?)
    /// `peek [N]`: look at up to N waiting bytes without consuming them.
    case peek(Int?)
    /// `set OPTION VALUE`.
    case set(SocketOptionName, OptionValue)
    /// `get OPTION`, or `get` for all options (nil).
    case get(SocketOptionName?)
    /// `shutdown read|write|both` (also `rd`, `wr`, `rdwr`).
    case shutdown(Shutdown)
    /// `clone`: duplicate the descriptor.
    case clone
    /// `close`.
    case close
    /// `forget s3` or `forget closed`: take a closed stream, or every one, off the list.
    case forget(ForgetTarget)
    /// `error`: take the pending socket error (SO_ERROR).
    case error
    /// `follow on|off`: read automatically whenever data arrives.
    case follow(Bool)
    /// `info`: log TCP_INFO now.
    case info
    /// `starttls client [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE]` or `starttls server
    /// cert=FILE key=FILE [ca=FILE]`: a TLS handshake on the open stream, in place (after a
    /// protocol's STARTTLS); from then on its bytes are plaintext.
    case starttls(StartTls)
    /// `cancel`: end what is pending on the stream, on both sides (a read, peek, wait, send,
    /// or the connect still opening it), and what is queued behind it.
    case cancel
    /// `wait readable|bytes N|closed|accepted|joined [timeout=DUR]`.
    case wait(WaitCondition, timeout: Duration?)
    /// `expect text "..."` or `expect hex de ad`: check what the last read returned.
    case expect(Expectation)
    /// `note TEXT`: a line of explanation in the Log, as it was written (trimmed).
    case note(String)
    /// `sleep DUR`.
    case sleep(Duration)
    /// `help [TOPIC]`; the topic is lower-cased, and several words are joined by one space.
    case help(String?)
    /// `quit` (also `q`, `exit`).
    case quit
    /// `save FILE [overwrite]`: write the session as a script; `overwrite` replaces an existing
    /// regular file.
    case save(path: String, overwrite: Bool = false)
    /// `attach PID:FD` or `attach INODE`: a copy of another process's socket descriptor
    /// (pidfd_getfd), opened as a stream marked attached and read-only until `allow-write`.
    case attach(AttachTarget)
    /// `allow-write`: lets the commands that change an attached stream (read, follow, send,
    /// shutdown, set) act on it.
    case allowWrite
    /// `abort`: destroys an attached stream's socket in the kernel (SOCK_DESTROY), so its
    /// owner's next call fails with ECONNABORTED.
    case abort
    /// `relay [HOST:]PORT HOST:PORT|LISTENER`: a listener (the address normalised as `listen`'s) whose
    /// every accepted client gets a stream connected to `upstream`, joined with it.
    case relay(listen: String, upstream: String)
    /// `join s3`: join the stream with another open stream: what arrives on either is sent to
    /// the other.
    case join(StreamID)
    /// `unjoin`: stop forwarding between the stream and its partner; both stay open.
    case unjoin
    /// `hold on|off`: stop (or resume) forwarding what arrives on a joined stream; held bytes
    /// stay in the kernel's receive queue.
    case hold(Bool)
    /// `step N`: forward the next N held bytes.
    case step(Int)
    /// `drop N`: read up to N held bytes and forward none of them.
    case drop(Int)
    /// `delay DUR|off`: forward what arrives on a joined stream DUR after it was read; nil is off.
    case delay(Duration?)
    /// `rate SIZE|off`: forward at most SIZE bytes a second of what arrives on a joined stream;
    /// nil is off.
    case rate(Int?)
    /// `transcript FILE [overwrite]` starts a JSON Lines transcript; `transcript off` (nil)
    /// stops it.
    case transcript(path: String?, overwrite: Bool = false)
}

/// Which end of the handshake `starttls` plays, and with what.
public enum StartTls: Sendable, Hashable {
    case client(TlsClientOptions)
    case server(TlsServerOptions)
}

/// Which socket `attach` takes.
public enum AttachTarget: Sendable, Hashable {
    /// Descriptor `fd` of process `pid`.
    case descriptor(pid: Int32, fd: Int32)
    /// The socket with this inode, whichever process holds it (the first owner found).
    case inode(UInt32)
}

/// What `forget` takes off the list.
public enum ForgetTarget: Sendable, Hashable {
    /// One closed stream.
    case stream(StreamID)
    /// Every closed stream.
    case closed
}
