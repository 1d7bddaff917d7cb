import ArgumentParser
import Inspector

/// A session that could not set up its poller (no descriptor left for epoll or an eventfd)
/// can do nothing: tcpscope says why and exits with status 1 before anything runs or the
/// screen opens, instead of watching nothing.
enum StartCheck {
    static func require(_ session: Session) throws {
        guard let text = session.startFailureText else { return }
        StandardError.write(text + "\n")
        throw ExitCode.failure
    }
}
