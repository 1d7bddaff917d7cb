import Glibc

/// The file SSLKEYLOGFILE names, where each TLS stream's secrets are appended as NSS key log
/// lines so a packet capture can be decrypted (Wireshark reads the format). Opened once per
/// process, at the first TLS handshake, and kept open: every connection's context writes to
/// the one descriptor, and a line is one write(2) with O_APPEND, so lines never interleave.
///
/// The file holds secrets: created 0600, appended to, never truncated. A path that is not a
/// regular file (a symlink, a FIFO, a device, a directory) is refused before anything is
/// written, and a symlink is never followed.
enum KeyLogFile {
    enum State: Sendable {
        case unopened
        /// The descriptor and the path, as given.
        case open(Int32, String)
        /// Why it could not be used; said once per handshake, in the Log.
        case failed(String)
        /// SSLKEYLOGFILE is unset or empty.
        case off
    }

    private static let state = Locked(State.unopened)

    /// The key log to use: opened at the first call, from the environment.
    static func current() -> State {
        state.withLock { state in
            if case .unopened = state {
                guard let value = getenv("SSLKEYLOGFILE"), value.pointee != 0 else {
                    state = .off
                    return state
                }
                let path = String(cString: value)
                do throws(FileError) {
                    state = .open(try open(path), path)
                } catch {
                    state = .failed(error.description)
                }
            }
            return state
        }
    }

    /// Opens `path` to append: created 0600 if missing, refused unless a regular file.
    static func open(_ path: String) throws(FileError) -> Int32 {
        // Looked at first, so a device or a FIFO is never even opened (opening some acts on them).
        var before = stat()
        if lstat(path, &before) == 0, let kind = PrivateFile.kindRefused(before.st_mode) {
            throw FileError(path: path, refusal: kind, call: "lstat")
        }
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o600)
        guard fd >= 0 else {
            let code = errno
            // O_NOFOLLOW on a symlink is ELOOP: say what the path is rather than the errno.
            if code == ELOOP { throw FileError(path: path, refusal: "is a symlink", call: "open") }
            throw FileError(path: path, errnoCode: code, call: "open")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = close(fd)
            throw FileError(path: path, errnoCode: code, call: "fstat")
        }
        if let kind = PrivateFile.kindRefused(info.st_mode) {
            _ = close(fd)
            throw FileError(path: path, refusal: kind, call: "fstat")
        }
        return fd
    }
}
