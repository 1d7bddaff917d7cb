import ArgumentParser
import Glibc
import Inspector
import Screen

/// `tcpscope run SCRIPT`: the command language without a screen, for replaying an
/// exploration and checking what the peer said.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script of tcpscope commands headless and print what happened.",
        discussion: """
            Every line is parsed before anything runs; a malformed line stops the run with exit \
            status 2 and its line number. Lines then run in order, each waiting for the one \
            before. The first failing line (or failed `expect`) stops the run with status 1, \
            unless it starts with `try `. A write lost to a transcript, a --save-read file or a \
            saved script (a full disk) is said on standard error and also makes the status 1. \
            With --timeout, a line still running after DUR (a read the peer never answers) is \
            cancelled and fails with its line number, so a run never hangs. \
            A line ending in ` &` (`read &`) starts without waiting, so the next line can send \
            while it reads; it is waited for when the script ends. \
            See `tcpscope commands` or the README for the language.
            """
    )

    @Argument(help: "The script file, or - to read it from standard input.")
    var script: String

    @OptionGroup var recording: RecordingOptions

    @OptionGroup var capture: CaptureOptions

    @Flag(name: .shortAndLong, help: "Print only failures, not every operation.")
    var quiet = false

    @Option(help: ArgumentHelp("Cancel and fail any line still running after this long (500ms, 5s).", valueName: "DUR"))
    var timeout: String?

    /// A script that cannot be read is refused with this subcommand's usage, before anything
    /// opens. (Standard input is read once, in `run`.)
    func validate() throws {
        if let timeout { _ = try Launcher.duration(timeout) }
        if script != "-" { _ = try readScript() }
    }

    func run() throws {
        let text = try readScript()
        // A script opens as many descriptors as the screen does: the same raised limit.
        _ = DescriptorLimit.raise()
        let session = Session(configuration: try capture.configuration())
        defer { session.shutdown() }
        try StartCheck.require(session)
        try recording.start(on: session)
        let quiet = quiet
        // `help OPTION` prints the same teaching text as the help screen.
        let library = AssetLocator.find().helpLibrary()
        let help: @Sendable (String?) -> String = { topic in
            CommandGrammarText.help(topic) { library.optionText($0) }
        }
        let lineTimeout = try timeout.map(Launcher.duration)
        let runner = ScriptRunner(session: session, help: help, lineTimeout: lineTimeout) { output in
            if case .event = output, quiet { return }
            print(output.text)
            // Out at once even into a pipe or a file: the log is how a person (or a test, or
            // CI) watches a run that waits on a peer, and a run killed for hanging must not
            // take its last lines with it. (fflush(nil): Swift 6 cannot name C's `stdout`.)
            fflush(nil)
        }
        // The name starts every problem line: escaped, as it may hold control characters.
        let name = script == "-" ? "stdin" : MessageText.fileName(script)
        let code = runner.run(script: text, name: name)
        let lost = recording.finish(on: session)
        if code != .success { throw ExitCode(code.rawValue) }
        if lost { throw ExitCode(ScriptRunner.ExitCode.failed.rawValue) }
    }

    private func readScript() throws -> String {
        do {
            return try TextFile.read(script)
        } catch {
            throw ValidationError("cannot read the script \(script == "-" ? "from standard input" : "'\(MessageText.fileName(script))'"): \(error)")
        }
    }
}
