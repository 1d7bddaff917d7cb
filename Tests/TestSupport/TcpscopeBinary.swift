import Foundation

/// Finds the `tcpscope` executable under test.
///
/// SwiftPM puts executables and the test runner in the same products directory
/// (`<scratch path>/<triple>/debug/`), whatever `--scratch-path` is, and `swift test` builds
/// every product first. So the binary is looked for beside the running test executable (and a
/// few directories up, for bundle layouts that nest the executable deeper). The environment
/// variable TCPSCOPE_BINARY overrides the search, to test an installed or release build.
public enum TcpscopeBinary {
    public static let overrideVariable = "TCPSCOPE_BINARY"

    /// The absolute path of the binary, or an error that says where it looked.
    public static func path() throws -> String {
        let files = FileManager.default
        if let forced = ProcessInfo.processInfo.environment[overrideVariable], !forced.isEmpty {
            guard files.isExecutableFile(atPath: forced) else {
                throw HarnessError("\(overrideVariable)=\(forced) is not an executable file")
            }
            return forced
        }
        var searched: [String] = []
        for start in startingPoints() {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = directory.appendingPathComponent("tcpscope").path
                searched.append(candidate)
                if isExecutableFile(candidate) { return candidate }
                directory = directory.deletingLastPathComponent()
            }
        }
        throw HarnessError("""
            the tcpscope executable was not found; looked at:
              \(searched.joined(separator: "\n  "))
            Build it with `swift build` (same --scratch-path as the tests), or set \(overrideVariable).
            """)
    }

    /// Where the running test executable is, by every account the platform offers.
    private static func startingPoints() -> [URL] {
        var urls: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            urls.append(URL(fileURLWithPath: exe))
        }
        if let main = Bundle.main.executableURL { urls.append(main.resolvingSymlinksInPath()) }
        if let first = CommandLine.arguments.first, first.hasPrefix("/") {
            urls.append(URL(fileURLWithPath: first).resolvingSymlinksInPath())
        }
        var seen = Set<String>()
        return urls.filter { seen.insert($0.path).inserted }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: path)
    }
}
