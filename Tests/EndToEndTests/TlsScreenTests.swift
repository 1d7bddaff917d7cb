import Foundation
import Testing
import TestSupport

/// A TLS stream on screen: the real binary in tmux, `tcpscope connect tls://... insecure`
/// against a python TLS server presenting a certificate made for the test.
@Suite("TLS streams in tmux")
struct TlsScreenTests {
    static func row(_ screen: String, _ id: String) -> String {
        screen.components(separatedBy: "\n").first { $0.hasPrefix("│ \(id) ") } ?? ""
    }

    @Test func anInsecureStreamIsFlaggedAndItsRecordsThenPlaintextShow() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tcpscope-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let certificate = try await TlsTestCertificate.make(in: directory)
        let server = try certificate.pythonServer("t.sendall(b'hello over tls\\n'); print('SENT', flush=True)")
        let port = try await server.waitForPort()
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope("connect tls://127.0.0.1:\(port) insecure"),
                                         width: 160, height: 48)
        defer { withExtendedLifetime((tmux, server)) {} }
        _ = try await server.waitForLine(containing: "SENT")
        // Before a read: the Data pane names the records still encrypted in the kernel.
        let before = try await tmux.waitFor(text: "INSECURE TLSv1.3 (certificate not verified) · kernel: ")
        #expect(before.contains("application_data TLS 1.2 len"), "\(before)")
        #expect(Self.row(before, "s1").contains("INSECURE"), "\(before)")
        #expect(before.contains("s1   handshake  ok  TLSv1.3"), "\(before)")
        // A read decrypts: the plaintext is in the Data pane, read.
        try await ScreenEndToEndTests.command(tmux, "read")
        let after = try await tmux.waitFor(text: "|hello over tls.|")
        #expect(after.contains("Data s1 received, plaintext: read 15"), "\(after)")
        #expect(after.contains("s1   read  ok  15"), "\(after)")
        #expect(tmux.isAlive())
        await server.terminate()
    }
}
