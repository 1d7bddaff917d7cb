import TlsLayer

/// A handshake's facts as the transcript's `tls` object, so a script can read them without
/// parsing the Log's text: `role` (`client`/`server`), `version`, `cipher`, `alpn` (null when
/// none was chosen), `verified` (false after `insecure`; on the server side, whether a client
/// certificate was asked for and checked), `verify_result`, `resumed`, `sni`,
/// `client_certificate_asked_not_sent` (a client only), and the peer certificate's
/// `peer_subject`, `peer_issuer`, `not_before`, `not_after` (ISO 8601, UTC) and `sans` (an array
/// such as `["DNS:localhost", "IP Address:127.0.0.1"]`); those are null (`sans` empty) when the
/// peer presented no certificate.
enum TlsFactsJSON {
    static func object(_ facts: TlsFacts) -> String {
        var json = JSONLine()
        json.field("role", facts.isServer ? "server" : "client")
        json.field("version", facts.version)
        json.field("cipher", facts.cipher)
        json.field("alpn", facts.alpn)
        // A server checks a client's certificate only when its `ca=` asks for one, and then
        // requires it: its peer certificate is there exactly when one was checked.
        json.field("verified", facts.isServer ? facts.peer != nil : facts.verified)
        json.field("verify_result", facts.verifyResult)
        json.field("resumed", facts.resumed)
        json.field("sni", facts.serverName)
        if !facts.isServer { json.field("client_certificate_asked_not_sent", facts.certificateAskedForAndNotSent) }
        let peer = facts.peer
        json.field("peer_subject", peer?.subject)
        json.field("peer_issuer", peer?.issuer)
        json.field("not_before", peer.map { iso8601($0.notBefore) })
        json.field("not_after", peer.map { iso8601($0.notAfter) })
        json.raw("sans", array(sans(peer?.altNames ?? "")))
        return json.object
    }

    /// The names of OpenSSL's `DNS:a, IP Address:1.2.3.4` text, one each.
    static func sans(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingPrefix(" ") }.filter { !$0.isEmpty }.map(String.init)
    }

    private static func array(_ items: [String]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            JSONLine.appendString(item, to: &out)
        }
        return out + "]"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// OpenSSL's `Dec  2 15:00:00 2026 GMT` as `2026-12-02T15:00:00Z`; any other shape is kept
    /// as it was printed rather than guessed at.
    static func iso8601(_ text: String) -> String {
        let parts = text.split(separator: " ")
        guard parts.count == 4 || (parts.count == 5 && parts[4] == "GMT"),
              let month = months.firstIndex(of: String(parts[0])),
              let day = Int(parts[1]), (1...31).contains(day),
              parts[2].count == 8, parts[2].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }),
              parts[3].count == 4, let year = Int(parts[3]) else { return text }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month + 1))-\(two(day))T\(parts[2])Z"
    }
}
