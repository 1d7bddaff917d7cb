import Glibc

/// The sanitizer this test run is built with, as scripts/sanitize announces it in
/// TCPSCOPE_SANITIZER ("address" or "thread"); nil in an ordinary build.
///
/// A few checks mean something else under a sanitizer: a crash status the sanitizer's runtime
/// takes part in, a resident size that AddressSanitizer's quarantine of freed memory inflates,
/// a process that uses up its descriptors before the sanitizer needs one to report. Such a test
/// adapts (or, when nothing meaningful is left, cancels itself) and prints why with `note`.
public enum Sanitizer: String, Sendable {
    case address, thread

    public static let active: Sanitizer? =
        getenv("TCPSCOPE_SANITIZER").flatMap { Sanitizer(rawValue: String(cString: $0)) }

    /// The variable this sanitizer's runtime reads its options from.
    public var optionsVariable: String {
        switch self {
        case .address: "ASAN_OPTIONS"
        case .thread: "TSAN_OPTIONS"
        }
    }

    /// Environment for a child process: this run's sanitizer options with `extra` after them
    /// (a later option wins), or nothing without a sanitizer.
    public static func environment(adding extra: [Sanitizer: String]) -> [String: String] {
        guard let active, let options = extra[active] else { return [:] }
        let current = getenv(active.optionsVariable).map { String(cString: $0) } ?? ""
        return [active.optionsVariable: current.isEmpty ? options : current + ":" + options]
    }

    /// How many times longer a wait may last: a sanitized tcpscope runs several times slower
    /// (ThreadSanitizer more than AddressSanitizer), and a test run is many such processes
    /// at once on two cores.
    public var waitScale: Int {
        switch self {
        case .address: 3
        case .thread: 5
        }
    }

    /// `timeout` stretched by `waitScale` under a sanitizer. Waits end as soon as their
    /// condition holds, so only one that fails (or one that watches for something not to
    /// happen) takes longer; the ordinary build keeps every timeout as written.
    public static func scaled(_ timeout: Duration) -> Duration {
        guard let active else { return timeout }
        _ = announceScale
        return timeout * active.waitScale
    }

    private static let announceScale: Void = note("test waits allow \(active?.waitScale ?? 1)x their timeouts")

    /// Says, in the test log, how a check adapts to the sanitizer.
    public static func note(_ text: String) {
        guard let active else { return }
        print("sanitizer (\(active.rawValue)): \(text)")
    }

    /// The sanitizer reports in a process's output (for a process told to report to stderr).
    public static func reports(in output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.contains("Sanitizer") && ($0.contains("ERROR") || $0.contains("WARNING")) }
    }
}
