import CCurses
import CNcursesw
import Glibc

/// The terminal while tcpscope owns it: the one place curses is started and restored (our
/// htop CRT.c).
///
/// `start()` puts the terminal in the mode a full-screen UI needs (bracketed paste included) and
/// `restore()` gives it back; restoring also happens on SIGINT, SIGTERM, SIGHUP, SIGQUIT, crashes
/// and `exit()`, so no path leaves the user's shell without echo or with pastes bracketed.
/// ncurses here is not reentrant: only the thread that called `start()` may use this object and
/// the presenter and key reader made from it (the type is deliberately not `Sendable`). One
/// screen exists per process at a time.
public final class TerminalScreen {
    /// Choices that override what the terminal and environment suggest.
    public struct Options: Sendable {
        /// Forces a colour mode; nil decides from the terminal and NO_COLOR.
        public var colorMode: ColorMode?
        /// Forces how lines are drawn; nil decides from the locale.
        public var lineDrawing: LineDrawing?

        public init(colorMode: ColorMode? = nil, lineDrawing: LineDrawing? = nil) {
            self.colorMode = colorMode
            self.lineDrawing = lineDrawing
        }
    }

    /// The locale name in effect, e.g. "C.UTF-8".
    public let localeName: String
    /// The locale's character set, e.g. "UTF-8" or "ANSI_X3.4-1968".
    public let codeset: String
    /// Whether the locale encodes text as UTF-8.
    public let isUTF8: Bool
    /// How many colours the terminal reports (0 when it has none), whatever mode is in use.
    public let colorCount: Int
    /// Whether NO_COLOR asked for no colour.
    public let noColorRequested: Bool
    /// The colour mode in use.
    public let colorMode: ColorMode
    /// The palette in use.
    public let palette: Palette
    /// How lines and non-ASCII scalars are drawn.
    public let lineDrawing: LineDrawing

    /// The window initscr() returned; Swift 6 may not read the `stdscr` global.
    let window: UnsafeMutablePointer<WINDOW>
    let styles: CursesStyles

    /// False once `restore()` ran, or once a signal handler ended curses first (the process is
    /// then about to die, and nothing should draw in the meantime).
    public var isActive: Bool {
        owned && cursesActive.load(ordering: .acquiring)
    }

    /// Whether this object still owns the terminal, i.e. `restore()` has not run.
    private var owned: Bool

    private init(window: UnsafeMutablePointer<WINDOW>, locale: TerminalLocale, colorCount: Int,
                 noColorRequested: Bool, colorMode: ColorMode, lineDrawing: LineDrawing,
                 styles: CursesStyles) {
        self.window = window
        self.localeName = locale.name
        self.codeset = locale.codeset
        self.isUTF8 = locale.isUTF8
        self.colorCount = colorCount
        self.noColorRequested = noColorRequested
        self.colorMode = colorMode
        self.palette = Palette(mode: colorMode)
        self.lineDrawing = lineDrawing
        self.styles = styles
        self.owned = true
    }

    deinit {
        restore()
    }

    /// Takes over the terminal: locale, curses, keyboard modes, colours, restore-on-exit handlers.
    ///
    /// Keys then arrive one at a time without echo, never blocking (`nodelay`), with function and
    /// arrow keys decoded and a 25 ms Escape delay (ncurses' default is a full second, which
    /// makes Esc feel broken). The cursor starts hidden.
    ///
    /// - Throws: `TerminalError.notATerminal` when stdin or stdout is not a terminal (initscr()
    ///   would print an error and exit the process), `.unknownTerminal` or `.noCursorAddressing`
    ///   for a TERM it cannot draw on (see `checkCapable`), `.alreadyActive` when a screen is
    ///   running.
    public static func start(_ options: Options = Options()) throws(TerminalError) -> TerminalScreen {
        guard !cursesActive.load(ordering: .acquiring) else { throw .alreadyActive }
        try checkCapable()

        let locale = TerminalLocale.adoptFromEnvironment()
        TerminalSignals.install()
        guard let window = initscr() else {
            TerminalSignals.uninstall()
            throw .startFailed
        }
        cursesActive.store(true, ordering: .releasing)

        cbreak()
        noecho()
        keypad(window, true)
        KeySequences.defineMissing()
        BracketedPaste.defineKeys()
        BracketedPaste.enable()
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)

        let noColor = getenv("NO_COLOR").map { String(cString: $0) }
        let noColorRequested = !(noColor ?? "").isEmpty
        let hasColors = has_colors()
        let reportedColors = max(0, Int(tigetnum("colors")))
        var colorMode = options.colorMode
            ?? ColorMode.choose(noColor: noColor, terminalHasColors: hasColors, colorCount: reportedColors)
        if !hasColors { colorMode = .monochrome }

        var defaultColors = false
        var pairLimit = 0
        if colorMode != .monochrome {
            // Colour is started only when it will be used, so NO_COLOR leaves the terminal's own
            // colours untouched, reset sequences included.
            start_color()
            defaultColors = use_default_colors() == OK
            pairLimit = Int(tcs_color_pairs())
            if colorMode == .colors256 && tcs_colors() < 256 { colorMode = .colors8 }
        }
        let styles = CursesStyles(palette: Palette(mode: colorMode), defaultColors: defaultColors,
                                  pairLimit: pairLimit)

        return TerminalScreen(
            window: window, locale: locale, colorCount: hasColors ? reportedColors : 0,
            noColorRequested: noColorRequested, colorMode: colorMode,
            lineDrawing: options.lineDrawing ?? LineDrawing.forLocale(isUTF8: locale.isUTF8),
            styles: styles)
    }

    /// Whether a screen can run here, checked before anything is drawn: standard input and
    /// output are a terminal, TERM names a type terminfo knows (initscr() would print its own
    /// message and exit the process otherwise), and that type can move the cursor to a given
    /// place (`cup`; TERM=dumb cannot, and a screen drawn there is garbled).
    ///
    /// - Throws: `.notATerminal`, `.unknownTerminal`, `.noCursorAddressing`.
    public static func checkCapable() throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        let name = getenv("TERM").map { String(cString: $0) }
        guard let name, !name.isEmpty else { throw .unknownTerminal(nil) }
        switch tcs_cursor_addressing(name) {
        case 1: return
        case 0: throw .noCursorAddressing(name)
        default: throw .unknownTerminal(name)
        }
    }

    /// The current size, already updated by ncurses when a key read returned `.resize`.
    public var size: TerminalSize {
        TerminalSize(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    /// Gives the terminal back: cursor shown, echo and line mode on, alternate screen left.
    /// Safe to call more than once, and after a signal already restored the terminal.
    public func restore() {
        guard owned else { return }
        owned = false
        if cursesActive.exchange(false, ordering: .acquiringAndReleasing) {
            curs_set(1)
            endwin()
        }
        BracketedPaste.disable()
        TerminalSignals.uninstall()
    }
}
