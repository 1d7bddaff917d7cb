import Inspector
import Screen
import TcpModel
import Testing
import TlsLayer

/// A TLS stream on screen, from a snapshot as the session publishes it: flagged in the Streams
/// pane, its plaintext in the Data pane, with the records still in the kernel decoded above.
@Suite("TLS streams in the view")
struct TlsDataViewTests {
    static func snapshot(verified: Bool, kernel: [UInt8]) -> Snapshot {
        var snapshot = SnapshotFixture.pair(sent: Array("olleh\n".utf8), read: 3)
        guard var s1 = snapshot.streams[StreamID(1)] else { return snapshot }
        s1.tls = TlsFacts(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", verified: verified,
                          verifyResult: verified ? "ok" : "self-signed certificate")
        s1.tlsRecords = TlsRecordScan.scan(kernel)
        s1.queues.toRead = kernel.count
        snapshot.streams[StreamID(1)] = s1
        return snapshot
    }

    static func screen(_ snapshot: Snapshot, height: Int = 40, view: ViewState = ViewState()) -> String {
        let canvas = ScreenRenderer.render(snapshot, view, width: 160, height: height, help: HelpLibrary(), now: .now).canvas
        return (0..<canvas.height).map(canvas.line).joined(separator: "\n")
    }

    @Test func theDataPaneShowsPlaintextAndTheRecordsStillInTheKernel() {
        let records: [UInt8] = [23, 3, 3, 0, 4, 1, 2, 3, 4, 23, 3, 3, 0, 40, 9]
        let screen = Self.screen(Self.snapshot(verified: true, kernel: records))
        #expect(screen.contains("Data s1 received, plaintext: read 3 · decrypted unread 3"), "\(screen)")
        #expect(screen.contains("TLSv1.3 verified · kernel: 2 records: application_data TLS 1.2 len 4, application_data TLS 1.2 len 40 (1 here)"),
                "\(screen)")
        #expect(screen.contains("decrypted, not read 3 (kernel: 15 encrypted)"), "\(screen)")
        #expect(screen.contains("|oll|"), "\(screen)")
        #expect(screen.contains("the kernel holds 15 encrypted bytes (records named above)"), "\(screen)")
        #expect(screen.contains(" TLS "), "the Streams pane flags it: \(screen)")
        // The Kernel pane adds what the handshake settled, when it is tall enough.
        let tall = Self.screen(Self.snapshot(verified: true, kernel: records), height: 60)
        #expect(tall.contains("Kernel s1 (TCP_INFO · TLS)"), "\(tall)")
        #expect(tall.contains("tls       TLSv1.3  TLS_AES_128_GCM_SHA256"), "\(tall)")
        #expect(tall.contains("verify    ok  alpn none  session new"), "\(tall)")
    }

    @Test func anUnverifiedStreamSaysInsecureEverywhere() {
        let screen = Self.screen(Self.snapshot(verified: false, kernel: []))
        #expect(screen.contains("INSECURE TLSv1.3 (certificate not verified) · kernel: no records"), "\(screen)")
        let row = screen.split(separator: "\n").first { $0.hasPrefix("│ s1 ") }
        #expect(row?.contains("INSECURE") == true, "\(screen)")
    }

    @Test func bytesThatAreNotTlsAreSaidAsSuch() {
        var view = Self.snapshot(verified: true, kernel: Array("HTTP/1.1 400\r\n".utf8))
        #expect(Self.screen(view).contains("kernel: 0 records: bytes that are not a TLS record at +0"))
        view.streams[StreamID(1)]?.tlsRecords?.startsMidRecord = true
        #expect(Self.screen(view).contains("kernel: the rest of a record OpenSSL holds in part"))
    }

    @Test func whereStarttlsSwitchedIsMarkedInTheRows() {
        var snapshot = SnapshotFixture.pair(sent: Array("220 go ahead\r\nsecret\n".utf8), read: 21)
        snapshot.streams[StreamID(1)]?.tls = TlsFacts(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256")
        snapshot.streams[StreamID(1)]?.tlsFrom = TlsSwitch(received: 14, sent: 10)
        let screen = Self.screen(snapshot)
        let rows = screen.split(separator: "\n").map(String.init)
        let mark = rows.firstIndex { $0.contains("── starttls: TLS from offset 14; above as sent on the wire, below plaintext ──") }
        let before = rows.firstIndex { $0.contains("|220 go ahead..|") }
        let after = rows.firstIndex { $0.contains("secret.|") }
        #expect(mark != nil && before != nil && after != nil, "\(screen)")
        if let mark, let before, let after { #expect(before < mark && mark < after) }
        #expect(screen.contains("TLSv1.3 verified from offset 14 (starttls)"), "\(screen)")
    }

    @Test func theTextViewMarksWhereStarttlsSwitchedToo() {
        var snapshot = SnapshotFixture.pair(sent: Array("220 go ahead\r\nsecret\nmore\n".utf8), read: 26)
        snapshot.streams[StreamID(1)]?.tls = TlsFacts(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256")
        snapshot.streams[StreamID(1)]?.tlsFrom = TlsSwitch(received: 14, sent: 10)
        var view = ViewState()
        view.dataText = true
        let rows = Self.screen(snapshot, view: view).split(separator: "\n").map(String.init)
        let mark = rows.firstIndex { $0.contains("── starttls: TLS from offset 14; above as sent on the wire, below plaintext ──") }
        let before = rows.firstIndex { $0.contains("220 go ahead") }
        let after = rows.firstIndex { $0.contains("secret") }
        let last = rows.firstIndex { $0.contains("more") }
        #expect(mark != nil && before != nil && after != nil && last != nil, "\(rows.joined(separator: "\n"))")
        if let mark, let before, let after, let last { #expect(before < mark && mark < after && after < last) }
        // The plaintext keeps its stream offsets: its first row starts at 14 (0x0e).
        if let after { #expect(rows[after].contains("0000000e  secret"), "\(rows[after])") }

        // Without a switch, no mark.
        snapshot.streams[StreamID(1)]?.tlsFrom = nil
        #expect(!Self.screen(snapshot, view: view).contains("── starttls"))
    }
}

