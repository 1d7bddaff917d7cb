import Foundation
import Testing
import TestSupport
@testable import Inspector

/// Safe defaults: a bare port listens on loopback only, and every other interface is said
/// plainly; files tcpscope writes are created 0600, never replace an existing file (or follow
/// a symlink planted at the path) unless asked, and when asked end up 0600 as well.
@Suite("Safe defaults")
struct SafeDefaultFaultTests {
    @Test func aBarePortListensOnLoopbackOnly() async throws {
        await withSession { session in
            await ok(session, "listen 0")
            let l1 = session.snapshot().listeners[ListenerID(1)]
            #expect(l1?.local?.description.hasPrefix("127.0.0.1:") == true)
            #expect(l1?.allInterfaces == false)
            let all = await ok(session, "listen *:0")
            #expect(all.message.contains("(all interfaces: reachable from other hosts)"), "\(all.message)")
            #expect(session.snapshot().listeners[ListenerID(2)]?.allInterfaces == true)
            let v6 = await ok(session, "listen [::]:0")
            #expect(v6.message.contains("all interfaces"), "\(v6.message)")
            await ok(session, "listen [::1]:0")
            #expect(session.snapshot().listeners[ListenerID(4)]?.allInterfaces == false)
        }
    }

    @Test func savedScriptsAndTranscriptsArePrivateAndNeverReplaceAFile() async throws {
        let dir = try ScratchDirectory()
        let existing = try dir.write("existing.txt", "keep me\n")
        let target = try dir.write("target.txt", "not yours\n")
        let planted = dir.file("planted.txt")
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: target)
        await withSession { session in
            await ok(session, "listen 0")
            await ok(session, "save \(dir.file("new.tcps"))")
            await ok(session, "transcript \(dir.file("new.jsonl"))")
            await ok(session, "transcript off")
            for path in [dir.file("new.tcps"), dir.file("new.jsonl")] {
                #expect(Self.mode(path) == 0o600, "\(path) is private")
            }
            for path in [existing, planted] {
                #expect(await fails(session, "save \(path)").contains("EEXIST"))
                #expect(await fails(session, "transcript \(path)").contains("EEXIST"))
            }
            #expect(session.snapshot().transcriptPath == nil, "a refused transcript is not half started")
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "not yours\n", "the symlink was not followed")
    }

    @Test func saveReadIsPrivateRefusesAnExistingFileAndForceMakesItPrivate() async throws {
        let dir = try ScratchDirectory()
        let existing = try dir.write("existing.bin", "keep me\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: existing)
        let script = "listen 0\nconnect l1\ns2: send secret\nwait bytes 6\nread\n"
        let refused = try await ToolRun.run(["run", "-", "--save-read", existing], stdin: script)
        #expect(refused.status != 0 && refused.stderr.contains("EEXIST"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me\n")
        let fresh = dir.file("fresh.bin")
        #expect(try await ToolRun.run(["run", "-", "--save-read", fresh], stdin: script).status == 0)
        #expect(Self.mode(fresh) == 0o600)
        let forced = try await ToolRun.run(["run", "-", "--save-read", existing, "--force"], stdin: script)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "secret")
        #expect(Self.mode(existing) == 0o600, "overwritten on request, and private like a new one")
    }

    @Test func aLooseUmaskStillGivesPrivateFiles() async throws {
        let dir = try ScratchDirectory()
        let transcript = dir.file("t.jsonl"), saved = dir.file("r.bin")
        let result = try await ToolRun.run(["run", "-", "--transcript", transcript, "--save-read", saved],
                                     prefix: ["sh", "-c", "umask 000; exec \"$@\"", "sh"], stdin: "listen 0\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.mode(transcript) == 0o600 && Self.mode(saved) == 0o600)
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
    }
}
