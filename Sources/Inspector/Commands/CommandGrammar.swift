/// The command words of the language, in the order help lists them, with each one's usage and
/// summary. Help, completion, messages and the parser all read this one table, so they cannot
/// drift apart.
enum CommandWord: String, CaseIterable, Sendable {
    case connect, listen, select, send, read, peek, cancel, set, get, shutdown, clone, close, forget, error, follow, info
    case starttls
    case attach
    case allowWrite = "allow-write"
    case abort
    case relay, join, unjoin, hold, step, drop, delay, rate
    case wait, expect, note, sleep
    case help, save, transcript, quit

    var usage: String {
        switch self {
        case .connect: "connect HOST:PORT|tls://HOST:PORT|[tls://]LISTENER [timeout=DUR] [from=ADDR:PORT] [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE]"
        case .listen: "listen [HOST:]PORT|tls:[HOST:]PORT|LISTENER [backlog=N] [reuseaddr=on|off] [reuseport=on|off] [accept=on|off] [cert=FILE key=FILE|selfsigned] [ca=FILE]"
        case .select: "select ID"
        case .send: #"send TEXT|"TEXT"|hex:HEX|file:PATH... [repeat=N]"#
        case .read: "read [N]"
        case .peek: "peek [N]"
        case .set: "set OPTION VALUE"
        case .get: "get [OPTION]"
        case .shutdown: "shutdown read|write|both"
        case .clone: "clone"
        case .close: "close"
        case .forget: "forget ID|closed"
        case .error: "error"
        case .follow: "follow on|off"
        case .info: "info"
        case .starttls: "starttls client [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE]|server cert=FILE key=FILE|selfsigned [ca=FILE]"
        case .cancel: "cancel"
        case .attach: "attach PID:FD|INODE"
        case .allowWrite: "allow-write"
        case .abort: "abort"
        case .relay: "relay [HOST:]PORT HOST:PORT|LISTENER"
        case .join: "join ID"
        case .unjoin: "unjoin"
        case .hold: "hold on|off"
        case .step: "step N"
        case .drop: "drop N"
        case .delay: "delay DUR|off"
        case .rate: "rate SIZE|off"
        case .wait: "wait readable|bytes N|closed|accepted|joined [timeout=DUR]"
        case .expect: "expect text|hex|contains|matches|closed|error|elapsed|received ..."
        case .note: "note TEXT"
        case .sleep: "sleep DUR"
        case .help: "help [TOPIC]"
        case .save: "save FILE [overwrite]"
        case .transcript: "transcript FILE [overwrite]|off"
        case .quit: "quit"
        }
    }

    var summary: String {
        switch self {
        case .connect: "open a stream to HOST:PORT, or to a listener's own address (connect l1); from= binds the local end first (port 0: any); tls:// adds a TLS handshake, verified against the system's CAs or ca=, the host or sni= (insecure: not verified); cert= and key= give a client certificate for a server that asks"
        case .listen: "listen on a port: a bare PORT means loopback only, *:PORT all interfaces, l1 where listener l1 was; backlog= the accept queue, reuseaddr= (default on), reuseport=, accept=off leaves connections queued; tls: presents cert= and key= to every client (ca=: clients must show a certificate it signed)"
        case .select: "make a stream or listener the target of the commands that follow"
        case .send: #"write bytes: text with C escapes (\r\n, \x00), or parts in a row: "GET /\r\n" hex:0d0a file:body.bin, all repeat=N times"#
        case .read: "read and consume up to N bytes; blocks unless nonblocking or a read timeout is set"
        case .peek: "look at up to N waiting bytes without consuming them (MSG_PEEK)"
        case .set: "set a socket option: nodelay, ttl, linger, read-timeout, keepalive, rcvbuf, user-timeout, congestion, ..."
        case .get: "read one socket option, or all of them, back from the kernel"
        case .shutdown: "shut down reading, writing (sends FIN) or both; the descriptor stays open"
        case .clone: "duplicate the descriptor: same socket, same options, a new id"
        case .close: "close the stream or listener (a closed stream stays listed, dimmed, with its captures)"
        case .forget: "take a closed stream, or every closed one, off the list with its captures"
        case .error: "take the pending socket error (SO_ERROR), which clears it"
        case .follow: "read automatically whenever data arrives (on), or only when asked (off)"
        case .info: "log the kernel's TCP_INFO for the stream now (and, on a TLS stream, what its handshake settled)"
        case .starttls: "upgrade the open stream to TLS in place, after a protocol's STARTTLS: as the client (verified as connect tls:// is, with cert= and key= for a server that asks) or as the server; the bytes before stay on its timeline"
        case .cancel: "end the stream's pending read, peek, wait, send or connect (Esc); a cancelled read consumes nothing"
        case .attach: "open another process's socket (its pid and descriptor, or its inode) as an attached stream: read-only (peek, get, info) until allow-write; detached when the owner closes it or exits"
        case .allowWrite: "let read, follow, send, shutdown, set and error act on an attached stream (they change the owner's socket)"
        case .abort: "abort an attached stream's connection in the kernel (SOCK_DESTROY, as ss -K; needs CAP_NET_ADMIN): the owner's next call fails with ECONNABORTED"
        case .relay: "listen on [HOST:]PORT (loopback unless a host is named) and join each accepted client with a new stream connected to HOST:PORT (or to listener l1's address): bytes are forwarded both ways and captured on both streams"
        case .join: "join the stream with another open stream (ID): what arrives on either is sent to the other, FIN as shutdown write, RST as RST"
        case .unjoin: "stop forwarding between the stream and its partner; both stay open"
        case .hold: "stop forwarding what arrives on this joined stream (on): held bytes stay in the kernel's queue, so the sender's window fills; off forwards them"
        case .step: "forward the next N held bytes of this joined stream"
        case .drop: "read up to N held bytes of this joined stream and forward none of them (kept in the capture, logged as dropped)"
        case .delay: "forward what arrives on this joined stream DUR after it was read (a slow link's latency; FIN waits its turn), or off"
        case .rate: "forward at most SIZE bytes a second of what arrives on this joined stream (a slow link: the rest waits in the kernel), or off"
        case .wait: "wait until readable, N bytes are waiting, the peer closed, a listener accepted, or the stream is joined (relay)"
        case .expect: "check the bytes the last read returned (equal, containing TEXT, matching a REGEX), that the stream closed, the errno or time of the command before, or all a stream received; a mismatch fails the script"
        case .note: "write TEXT into the Log (and a script's output): say what a step shows"
        case .sleep: "pause for a while"
        case .help: "show help for a command or option"
        case .save: "write this session's commands as a script; overwrite replaces an existing file"
        case .transcript: "record every event to a JSON Lines file, or stop recording"
        case .quit: "leave tcpscope"
        }
    }

    /// Other spellings people reach for by habit (`:q` from vi).
    var aliases: [String] {
        switch self {
        case .quit: ["q", "exit"]
        case .help: ["?"]
        default: []
        }
    }

    /// Whether a `s2:` prefix makes sense: only for commands that act on one stream or listener.
    var takesTarget: Bool {
        switch self {
        case .connect, .listen, .relay, .select, .forget, .attach, .note, .sleep, .help, .save, .transcript, .quit: false
        default: true
        }
    }

    /// The `key=value` options the command takes.
    var options: [String] {
        switch self {
        case .connect: ["timeout", "from", "ca", "sni", "alpn", "cert", "key"]
        case .listen: ["backlog", "reuseaddr", "reuseport", "accept", "cert", "key", "ca"]
        case .wait: ["timeout"]
        case .starttls: ["ca", "sni", "alpn", "cert", "key"]
        default: []
        }
    }

    /// Commands that read the raw rest of the line as bytes instead of words.
    var takesRawText: Bool { self == .send || self == .expect || self == .note }

    /// Commands whose words are free text (file names, help topics), never `key=value` options.
    var hasFreeTextArguments: Bool {
        switch self {
        case .help, .save, .transcript: true
        default: false
        }
    }

    /// The command a typed word names, in any letter case, aliases included.
    static func named(_ word: String) -> CommandWord? {
        let name = word.lowercased()
        if let command = CommandWord(rawValue: name) { return command }
        return allCases.first { $0.aliases.contains(name) }
    }
}

extension CommandParser {
    /// Every command name, in the order help lists them, for Tab completion.
    public static var commandNames: [String] { CommandWord.allCases.map(\.rawValue) }

    /// One row per command, in the order help lists them: the one-line usage and what it does.
    public static let grammar: [(usage: String, summary: String)] =
        CommandWord.allCases.map { ($0.usage, $0.summary) }

    /// The one-line usage of a command (`read [N]`), by name or alias in any case; nil for a
    /// word that names no command.
    public static func usage(of name: String) -> String? {
        CommandWord.named(name)?.usage
    }
}
