import TlsLayer

/// The TLS words of `connect tls://HOST:PORT [ca=FILE] [insecure] [sni=NAME] [alpn=LIST]
/// [cert=FILE key=FILE]`: how they parse, and how they print back.
enum TlsArguments {
    static let scheme = "tls://"
    static let expected = "connect tls://HOST:PORT [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE]"

    /// Whether the address is written `tls://HOST:PORT` (in any case).
    static func hasScheme(_ token: Token) -> Bool {
        !token.isQuoted && token.keyword.hasPrefix(scheme)
    }

    /// The address after `tls://`.
    static func address(_ token: Token) -> String {
        String(token.text.dropFirst(scheme.count))
    }

    /// The TLS options after a `tls://` address; `insecure` is a word of its own.
    static func client(_ args: inout ArgumentList) throws(CommandError) -> TlsClientOptions {
        var options = TlsClientOptions()
        if let (path, _) = args.keyed["ca"] { options.caFile = path }
        if let (name, token) = args.keyed["sni"] {
            guard name.utf8.count <= 253, name.utf8.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else {
                throw args.error("\(MessageText.quoted(name)) is not a host name", at: token,
                                 expected: "sni=NAME, a DNS name such as example.com")
            }
            options.serverName = name
        }
        if let (list, token) = args.keyed["alpn"] {
            let names = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for name in names where name.isEmpty || name.utf8.count > 255 || !name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) {
                throw args.error("\(MessageText.quoted(name)) is not a protocol name", at: token,
                                 expected: "alpn=LIST, names separated by commas such as alpn=h2,http/1.1")
            }
            options.alpn = names
        }
        // A client certificate is its chain and its key: one without the other is a mistake.
        switch (args.keyed["cert"], args.keyed["key"]) {
        case let ((cert, _)?, (key, _)?):
            options.certFile = cert
            options.keyFile = key
        case let ((_, token)?, nil):
            throw args.error("cert= needs key=FILE (the certificate's private key, PEM)", at: token,
                             expected: args.command == .starttls ? starttlsExpected : expected)
        case let (nil, (_, token)?):
            throw args.error("key= needs cert=FILE (the client certificate chain, PEM)", at: token,
                             expected: args.command == .starttls ? starttlsExpected : expected)
        case (nil, nil):
            break
        }
        if let word = args.peek(), !word.isQuoted, word.keyword == "insecure" {
            _ = args.next()
            options.insecure = true
        }
        if options.insecure, let (_, token) = args.keyed["ca"] {
            throw args.error("ca= and insecure contradict each other: insecure checks no certificate", at: token,
                             expected: args.command == .starttls ? starttlsExpected : expected)
        }
        return options
    }

    /// A plain `connect` given TLS words: said, rather than ignored.
    static func refuseWithoutTls(_ args: ArgumentList) throws(CommandError) {
        for key in ["ca", "sni", "alpn", "cert", "key"] {
            if let (_, token) = args.keyed[key] {
                throw args.error("'\(key)=' applies to a TLS connect only", at: token, expected: expected)
            }
        }
        if let word = args.peek(), !word.isQuoted, word.keyword == "insecure" {
            throw args.error("'insecure' applies to a TLS connect only", at: word, expected: expected)
        }
    }
}

extension TlsArguments {
    static let listenScheme = "tls:"
    static let listenExpected = "listen tls:[HOST:]PORT cert=FILE key=FILE|selfsigned [ca=FILE]"

    /// Whether the address is written `tls:[HOST:]PORT` (or `tls://...`).
    static func hasListenScheme(_ token: Token) -> Bool {
        !token.isQuoted && token.keyword.hasPrefix(listenScheme)
    }

    /// The address after `tls:` or `tls://`.
    static func listenAddress(_ token: Token) -> String {
        let text = token.text.dropFirst(listenScheme.count)
        return String(text.hasPrefix("//") ? text.dropFirst(2) : text)
    }

    /// `cert=` and `key=` (both needed), or `selfsigned`; and `ca=`.
    static func server(_ args: inout ArgumentList, at token: Token) throws(CommandError) -> TlsServerOptions {
        let (who, expected) = args.command == .starttls ? ("a TLS server", starttlsExpected) : ("a TLS listener", listenExpected)
        if let word = args.peek(), !word.isQuoted, word.keyword == "selfsigned" {
            _ = args.next()
            for key in ["cert", "key"] {
                if let (_, token) = args.keyed[key] {
                    throw args.error("'\(key)=' and selfsigned contradict each other: selfsigned makes its own", at: token,
                                     expected: expected)
                }
            }
            return .selfSigned(caFile: args.keyed["ca"]?.value)
        }
        guard let (cert, _) = args.keyed["cert"] else {
            throw args.error("\(who) needs cert=FILE (its certificate chain, PEM), or selfsigned", at: token, expected: expected)
        }
        guard let (key, _) = args.keyed["key"] else {
            throw args.error("\(who) needs key=FILE (its private key, PEM)", at: token, expected: expected)
        }
        return TlsServerOptions(certFile: cert, keyFile: key, caFile: args.keyed["ca"]?.value)
    }

    /// A plain `listen` given TLS words: said, rather than ignored.
    static func refuseServerWordsWithoutTls(_ args: ArgumentList) throws(CommandError) {
        for key in ["cert", "key", "ca"] {
            if let (_, token) = args.keyed[key] {
                throw args.error("'\(key)=' applies to a TLS listener only", at: token, expected: listenExpected)
            }
        }
    }
}

extension TlsArguments {
    static let starttlsExpected = "starttls client [ca=FILE] [insecure] [sni=NAME] [alpn=LIST] [cert=FILE key=FILE], or starttls server cert=FILE key=FILE|selfsigned [ca=FILE]"

    /// `starttls client ...` or `starttls server ...`.
    static func starttls(_ args: inout ArgumentList) throws(CommandError) -> StartTls {
        let role = try args.require("client or server", expected: starttlsExpected)
        switch role.isQuoted ? "" : role.keyword {
        case "client":
            return .client(try client(&args))
        case "server":
            for key in ["sni", "alpn"] {
                if let (_, token) = args.keyed[key] {
                    throw args.error("'\(key)=' is for starttls client", at: token, expected: starttlsExpected)
                }
            }
            return .server(try server(&args, at: role))
        default:
            throw args.error("\(role.quoted) is neither client nor server", at: role, expected: starttlsExpected)
        }
    }
}

extension Command {
    /// The TLS options as a script writes them, after the address: ` ca=FILE insecure ...`.
    /// `client ...` or `server ...`, as a script writes them.
    static func starttlsText(_ role: StartTls) -> String {
        switch role {
        case .client(let options): "client" + tlsOptionsText(options)
        case .server(let options): "server" + tlsServerOptionsText(options)
        }
    }

    /// A TLS listener's options as a script writes them: ` cert=FILE key=FILE [ca=FILE]`.
    static func tlsServerOptionsText(_ tls: TlsServerOptions?) -> String {
        guard let tls else { return "" }
        let identity = if let cert = tls.certFile, let key = tls.keyFile {
            " cert=" + Command.word(cert) + " key=" + Command.word(key)
        } else {
            " selfsigned"
        }
        return identity + (tls.caFile.map { " ca=" + Command.word($0) } ?? "")
    }

    static func tlsOptionsText(_ tls: TlsClientOptions?) -> String {
        guard let tls else { return "" }
        var text = ""
        if let ca = tls.caFile { text += " ca=" + Command.word(ca) }
        if tls.insecure { text += " insecure" }
        if let sni = tls.serverName { text += " sni=" + sni }
        if !tls.alpn.isEmpty { text += " alpn=" + tls.alpn.joined(separator: ",") }
        if let cert = tls.certFile, let key = tls.keyFile { text += " cert=" + Command.word(cert) + " key=" + Command.word(key) }
        return text
    }
}
