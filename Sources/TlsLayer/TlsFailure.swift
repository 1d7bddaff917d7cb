import COpenSSL
import CTls
import Glibc
import TcpModel

/// OpenSSL's failures as the one error tcpscope's stream calls throw (`SocketError`), so the
/// Log, scripts and `expect error` treat a TLS failure like any other: an errno when the
/// socket underneath failed, otherwise OpenSSL's own reason, with the call named.
enum TlsFailure {
    /// The error after `call` returned `result` on `ssl`, taken with SSL_get_error straight
    /// after it (same thread, error queue not yet touched).
    static func error(_ ssl: OpaquePointer, result: Int32, call: String, savedErrno: Int32) -> SocketError {
        let kind = SSL_get_error(ssl, result)
        switch kind {
        case SSL_ERROR_SYSCALL:
            let reason = takeQueued()
            if savedErrno != 0 { return SocketError(errno: savedErrno, call: call) }
            return SocketError(.unexpectedEof, reason ?? "the peer closed the TCP connection in the middle of TLS", call: call)
        case SSL_ERROR_SSL:
            let reason = takeQueued() ?? "TLS protocol error"
            // The verify result is only the reason when verification is what failed: after an
            // `insecure` handshake it stays whatever verification would have said.
            let verify = SSL_get_verify_result(ssl)
            if reason == "certificate verify failed", verify != X509_V_OK {
                return SocketError(.other, "certificate verify failed: \(verifyText(verify))", call: call)
            }
            // The server refused after asking for a client certificate this end did not have
            // (TLS 1.3 says so only at the first read after the handshake).
            if ctls_certificate_requested_without_one(ssl) == 1,
               reason.contains("certificate required") || reason.contains("handshake failure") {
                return SocketError(.other, "\(reason): the server asked for a client certificate and none was given (cert=FILE key=FILE)",
                                   call: call)
            }
            if reason.hasPrefix("unexpected eof") {
                return SocketError(.unexpectedEof, "the peer ended the TCP stream without a TLS close_notify", call: call)
            }
            return SocketError(.other, reason, call: call)
        case SSL_ERROR_ZERO_RETURN:
            return SocketError(.unexpectedEof, "the peer closed TLS (close_notify)", call: call)
        default:
            return SocketError(.other, takeQueued() ?? "SSL_get_error \(kind)", call: call)
        }
    }

    /// X509_verify_cert_error_string: `certificate has expired`, `hostname mismatch`, ...
    static func verifyText(_ code: Int) -> String {
        guard let text = X509_verify_cert_error_string(code) else { return "verify error \(code)" }
        return String(cString: text)
    }

    /// The oldest error OpenSSL queued on this thread, as its short reason
    /// (`wrong version number`), and an empty queue after.
    static func takeQueued() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard ctls_take_error(&buffer, Int32(buffer.count)) > 0 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // `error:0A00010B:SSL routines::wrong version number`: the reason is the last field.
        return text.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? text
    }
}
