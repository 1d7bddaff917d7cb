import Foundation
import Testing
import TestSupport
@testable import Inspector

/// Files never harm what they point at: `--force` and `save FILE overwrite` replace an existing
/// regular file (and make it 0600), and refuse anything else before touching it: a symlink is
/// not followed, a device is not chmodded, a FIFO is not waited on. Every refusal names what
/// the path is.
@Suite("What --force and overwrite may replace")
struct FileTargetFaultTests {
    /// Something planted at a path, and a way to see it was left exactly as it was.
    struct Planted {
        var path: String
        var refusal: String
        var unchanged: () -> String?
    }

    static func mode(_ path: String) -> Int {
        var info = stat()
        return lstat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : -1
    }

    static func content(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// A symlink to a file of mode 0644: the file must keep its content and mode.
    static func symlink(in dir: ScratchDirectory) throws -> Planted {
        let target = try dir.write("target-\(UUID().uuidString).txt", "not yours\n")
        chmod(target, 0o644)
        let link = dir.file("link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        return Planted(path: link, refusal: "is a symlink") {
            let content = content(target), mode = mode(target)
            return content == "not yours\n" && mode == 0o644 ? nil : "target now \(mode): \(content ?? "nil")"
        }
    }

    static func fifo(in dir: ScratchDirectory) throws -> Planted {
        let path = dir.file("fifo-\(UUID().uuidString)")
        guard mkfifo(path, 0o644) == 0 else { throw HarnessError("mkfifo \(path) failed") }
        chmod(path, 0o644)
        return Planted(path: path, refusal: "is a FIFO") { mode(path) == 0o644 ? nil : "mode now \(mode(path))" }
    }

    static func directory(in dir: ScratchDirectory) throws -> Planted {
        let path = dir.file("dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        chmod(path, 0o755)
        return Planted(path: path, refusal: "is a directory") { mode(path) == 0o755 ? nil : "mode now \(mode(path))" }
    }

    /// A character device with /dev/null's numbers, made here (never the real /dev/null).
    static func device(in dir: ScratchDirectory) throws -> Planted {
        let path = dir.file("null-\(UUID().uuidString)")
        let made = try PeerProcess(["mknod", "-m", "0666", path, "c", "1", "3"])
        guard made.exitStatus(within: .seconds(10)) == 0 else { throw HarnessError("mknod \(path) failed: \(made.stderr)") }
        return Planted(path: path, refusal: "is a device") { mode(path) == 0o666 ? nil : "mode now \(mode(path))" }
    }

    static let canMakeDevices = getuid() == 0

    /// Every option that writes a file, given --force on `planted`: refused within a deadline
    /// (a FIFO must not hang the open), said on standard error, the thing left as it was.
    static func forceIsRefused(_ plant: (ScratchDirectory) throws -> Planted) async throws {
        let dir = try ScratchDirectory()
        for option in ["--save-read", "--transcript"] {
            let planted = try plant(dir)
            let result = try await ToolRun.run(["run", "-", option, planted.path, "--force"], stdin: "listen 0\n",
                                               timeout: .seconds(30))
            #expect(result.status != 0, "\(option): \(result.stdout)")
            #expect(result.stderr.contains(planted.refusal) && result.stderr.contains("nothing was changed"),
                    "\(option): \(result.stderr)")
            #expect(planted.unchanged() == nil, "\(option): \(planted.unchanged() ?? "")")
        }
    }

    @Test func aSymlinkIsNeverFollowed() async throws {
        try await Self.forceIsRefused(Self.symlink)
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAReader() async throws {
        try await Self.forceIsRefused(Self.fifo)
    }

    @Test func aDirectoryIsRefused() async throws {
        try await Self.forceIsRefused(Self.directory)
    }

    @Test(.enabled(if: canMakeDevices, "needs root to make a device node with mknod; SKIPPED, not passed"))
    func aDeviceIsNeitherChmoddedNorOpened() async throws {
        try await Self.forceIsRefused(Self.device)
    }

    @Test func forceReplacesARegularFileAndMakesItPrivate() async throws {
        let dir = try ScratchDirectory()
        let existing = try dir.write("existing.jsonl", "old\n")
        chmod(existing, 0o644)
        let result = try await ToolRun.run(["run", "-", "--transcript", existing, "--force"], stdin: "listen 0\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.content(existing)?.hasPrefix("{") == true, "overwritten with the transcript")
        #expect(Self.mode(existing) == 0o600)
    }

    @Test func saveAndTranscriptOverwriteReplaceOnlyARegularFile() async throws {
        let dir = try ScratchDirectory()
        let existing = try dir.write("existing.tcps", "keep me?\n")
        chmod(existing, 0o644)
        var planted = [try Self.symlink(in: dir), try Self.fifo(in: dir), try Self.directory(in: dir)]
        if Self.canMakeDevices { planted.append(try Self.device(in: dir)) }
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "save \(existing) overwrite")
            #expect(Self.content(existing)?.contains("listen 0") == true, "the script replaced the file")
            #expect(Self.mode(existing) == 0o600)
            await ok(session, "transcript \(existing) overwrite")
            await ok(session, "transcript off")
            #expect(Self.content(existing)?.hasPrefix("{") == true, "the transcript replaced the file")
            for thing in planted {
                for line in ["save \(thing.path) overwrite", "transcript \(thing.path) overwrite"] {
                    let message = await fails(session, line)
                    #expect(message.contains(thing.refusal), "\(line): \(message)")
                    #expect(thing.unchanged() == nil, "\(line): \(thing.unchanged() ?? "")")
                }
            }
        }
    }
}
