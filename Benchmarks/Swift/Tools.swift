import Glibc

/// Where the programs under test live, and where runs may write their scratch files.
struct Tools: Sendable {
    var tcpscope: String
    /// Another tcpscope binary to compare with (`--baseline`), if any.
    var baseline: String?
    /// This executable, for its `tcpmodel-sink` subcommand.
    var benchmarks: String
    var cSink: String
    var cSource: String
    /// Benchmarks/C/relay.c: the reference relay.
    var cRelay: String
    var workDirectory: String
    /// Where the sinks that write files (a transcript, the C hex sink) write them: a tmpfs
    /// when there is one, so the figure is the program's work and not the disk's.
    var fileDirectory: String

    /// Whether `name` is found in PATH as an executable file.
    static func installed(_ name: String) -> Bool {
        CommandRunner.installed(name)
    }

    /// The running executable's own path.
    static func ownPath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments.first ?? "Benchmarks" }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
