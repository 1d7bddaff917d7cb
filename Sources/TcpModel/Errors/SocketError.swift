import CSocket
import Glibc

/// The one error every throwing call of this module throws.
///
/// It keeps what a person debugging a connection needs: the kind (as Rust names it), the errno
/// that caused it when there was one, and which call failed on which address, e.g.
/// `ECONNREFUSED (Connection refused) in connect to 127.0.0.1:9`.
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category, mapped from errno as Rust's `decode_error_kind` does.
    public var kind: ErrorKind
    /// The errno value, when the kernel reported one.
    public var code: Int32?
    /// The call that failed (`connect`, `recv`, `setsockopt(SO_LINGER)`, ...).
    public var call: String
    /// What the call was applied to, e.g. `to 127.0.0.1:9`; empty when nothing useful.
    public var detail: String
    /// Why, when no errno explains it (`zero duration`, `failed to fill whole buffer`, ...).
    public var message: String?

    /// An error the kernel reported through errno.
    public init(errno code: Int32, call: String, detail: String = "") {
        self.kind = ErrorKind(errno: code)
        self.code = code
        self.call = call
        self.detail = detail
        self.message = nil
    }

    /// An error this layer decided on, with no errno behind it.
    public init(_ kind: ErrorKind, _ message: String, call: String, detail: String = "") {
        self.kind = kind
        self.code = nil
        self.call = call
        self.detail = detail
        self.message = message
    }

    /// The errno's symbolic name, e.g. `ECONNRESET`, when there is an errno.
    public var errnoName: String? {
        code.map(SocketError.name(ofErrno:))
    }

    public var description: String {
        var text: String
        if let code {
            text = "\(SocketError.name(ofErrno: code)) (\(SocketError.text(ofErrno: code)))"
            if let message { text += ": \(message)" }
        } else {
            text = message ?? kind.description
        }
        text += " in \(call)"
        if !detail.isEmpty { text += " \(detail)" }
        return text
    }

    /// The symbolic name of an errno value (`EAGAIN`), or `errno N` when the C library has none.
    public static func name(ofErrno code: Int32) -> String {
        guard let name = csock_errno_name(code) else { return "errno \(code)" }
        return String(cString: name)
    }

    /// The C library's text for an errno value (`Resource temporarily unavailable`).
    public static func text(ofErrno code: Int32) -> String {
        guard let text = csock_errno_text(code) else { return "Unknown error \(code)" }
        return String(cString: text)
    }
}
