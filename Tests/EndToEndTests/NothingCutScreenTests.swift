import Foundation
import Testing
import TestSupport

/// Panes get what their content needs before the rest is given away: whole addresses at 80
/// columns, whole numbers in the Kernel pane at every width.
@Suite("Nothing cut that matters, in tmux")
struct NothingCutScreenTests {
    @Test func wholeAddressesAt80ColumnsAndWholeKernelNumbersFrom80To200() async throws {
        let tmux = try await TmuxSession(command: ScreenEndToEndTests.tcpscope(""), width: 80, height: 30)
        defer { withExtendedLifetime(tmux) {} }
        try await ScreenEndToEndTests.command(tmux, "listen 0")
        try await ScreenEndToEndTests.command(tmux, "connect l1")
        let screen = try await tmux.waitUntil("both ends are listed") { $0.contains("│ s1 ") && $0.contains("│ s2 ") }
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("│ s1 ") || $0.hasPrefix("│ s2 ") }
        #expect(rows.count == 2)
        for row in rows {
            #expect(row.range(of: #"127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+ "#, options: .regularExpression) != nil,
                    "the whole address at 80 columns: \(row)")
            #expect(!row.contains("…"), "\(row)")
        }

        try await tmux.sendKeys("4")
        for width in [80, 120, 140, 160, 200] {
            try await tmux.resize(width: width, height: 40)
            let kernel = try await tmux.waitUntil("the Kernel pane at \(width) columns") { $0.contains("mss ") && $0.contains("rto ") }
            #expect(kernel.contains("pmtu 65535"), "pmtu is whole at \(width) columns:\n\(kernel)")
            #expect(kernel.range(of: #"pmtu 6(?!5535)"#, options: .regularExpression) == nil)
            #expect(kernel.range(of: #"rto \d+(\.\d+)?(ms|us|s)"#, options: .regularExpression) != nil, "\(kernel)")
        }
    }
}
