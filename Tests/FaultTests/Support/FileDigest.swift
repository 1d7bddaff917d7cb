import TestSupport

/// The SHA-256 of a file, in hex, from `sha256sum` (coreutils): the same digest the python
/// peers print for what they sent.
func sha256(ofFile path: String) async throws -> String {
    let tool = try PeerProcess(["sha256sum", path])
    guard await tool.exited(within: .seconds(300)) == 0 else {
        throw HarnessError("sha256sum \(path) failed: \(tool.stderr)")
    }
    _ = await within(.seconds(5)) { tool.outputEnded }
    return String(tool.stdout.prefix { $0 != " " })
}
