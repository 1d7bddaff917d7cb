import ArgumentParser
import Terminal

/// `tcpscope check-terminal`: draws a test page through the same Canvas and curses path as the UI,
/// so problems with the locale, TERM, colours or keys show up before the real UI is blamed.
struct CheckTerminalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-terminal",
        abstract: "Draw a test page (UTF-8, line drawing, colours) and exit on a key.",
        discussion: """
            Shows the terminal size, whether the locale is UTF-8, the colour count and a sample \
            of every colour role. The page follows resizes. NO_COLOR=1 turns colours off.
            """
    )

    /// How the page draws lines; `auto` is what the UI does.
    enum Lines: String, ExpressibleByArgument, CaseIterable {
        case auto, unicode, ascii, acs
    }

    @Flag(name: .customLong("show-keys"), help: "Show the name of each key pressed; exit with q.")
    var showKeys = false

    @Option(help: """
        How to draw lines: auto (Unicode in a UTF-8 locale, else ASCII), unicode, ascii, \
        or acs (the terminal's alternate character set).
        """)
    var lines: Lines = .auto

    func run() throws {
        // Created before the screen and before any other thread exists: it blocks SIGWINCH
        // for this thread so that a resize interrupts only the wait (see InputWaiter).
        let waiter = InputWaiter()
        let screen = try TerminalScreen.start(TerminalScreen.Options(lineDrawing: lineDrawing))
        defer { screen.restore() }
        let presenter = CanvasPresenter(screen: screen)
        let keys = KeyReader(screen: screen)

        var page = TerminalCheckPage(
            screen: screen,
            exitHint: showKeys ? "press keys to see their names; q exits" : "press any key to exit")
        while true {
            page.size = screen.size
            presenter.present(page.render())
            // The timeout is only a backstop; input and resizes end the wait at once.
            let woke = waiter.wait(timeout: .seconds(5))
            if woke.contains(.hangup) { return }
            for key in keys.drain() {
                switch key {
                case .resize:
                    continue
                case .character("q") where showKeys:
                    return
                case _ where showKeys:
                    page.lastKey = key
                    page.keyCount += 1
                default:
                    return
                }
            }
        }
    }

    private var lineDrawing: LineDrawing? {
        switch lines {
        case .auto: return nil
        case .unicode: return .unicode
        case .ascii: return .ascii
        case .acs: return .alternateCharset
        }
    }
}
