import ArgumentParser
import Inspector
import Screen
import Terminal

/// Starting the screen: the same steps for every subcommand that opens it.
enum Launcher {
    /// Checks a command line before the screen opens, so a mistake is a message and a usage
    /// line on the terminal, not a screen that opens only to fail.
    static func check(_ line: String) throws -> ParsedLine {
        do {
            return try CommandParser.parse(line)
        } catch {
            throw ValidationError(error.message)
        }
    }

    static func duration(_ text: String) throws -> Duration {
        do {
            return try DurationText.parse(text)
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Opens the screen for `command` (the subcommand that was run: a failure before the screen
    /// opens, such as a transcript file that exists, is said with its usage line).
    static func runScreen(_ command: ParsableCommand.Type, _ options: ScreenOptions, startup: [String], greeting: String,
                          hostFilter: String? = nil) throws {
        // Before any thread starts: resizes must interrupt the UI thread's wait (InputWaiter).
        let waiter = InputWaiter()
        let limit = DescriptorLimit.raise()
        let session = Session(configuration: try options.capture.configuration())
        defer { session.shutdown() }
        try StartCheck.require(session)
        do {
            try options.recording.start(on: session)
        } catch {
            throw refusal(error, for: command)
        }
        // Whatever ends the screen, a lost write is said once it has closed, and fails the exit.
        let shown = Result { () throws in try show(session, command, options, startup: startup, greeting: greeting, waiter: waiter, limit: limit,
                                                         hostFilter: hostFilter) }
        let lost = options.recording.finish(on: session)
        try shown.get()
        if lost { throw ExitCode.failure }
    }

    private static func show(_ session: Session, _ command: ParsableCommand.Type, _ options: ScreenOptions, startup: [String],
                             greeting: String, waiter: InputWaiter, limit: DescriptorLimit, hostFilter: String?) throws {
        let assets = AssetLocator.find()
        var message = greeting
        if let warning = limit.warning {
            message = warning + " " + message
            // Also in the Log: the startup command's outcome replaces the greeting at once.
            session.note(warning)
        }
        let scriptLines: [String]
        let latencyLog: MeasurementLog?, frameLog: MeasurementLog?
        do {
            scriptLines = try options.scriptLines()
            latencyLog = try measurementLog(options.latencyLog, "--latency-log")
            frameLog = try measurementLog(options.frameLog, "--frame-log")
        } catch {
            throw refusal(error, for: command)
        }
        let ui = UserInterface(
            session: session, waiter: waiter, help: assets.helpLibrary(),
            options: .init(latencyLog: latencyLog, frameLog: frameLog, greeting: message, startup: startup + scriptLines,
                           hostFilter: hostFilter))
        do {
            try ui.run()
        } catch {
            throw ValidationError("tcpscope: \(error)")
        }
    }

    /// Opens a benchmark's measurement file before the screen, so a refusal (a symlink, a
    /// device at the path) is said as a bad argument is.
    private static func measurementLog(_ path: String?, _ option: String) throws -> MeasurementLog? {
        guard let path else { return nil }
        do {
            return try MeasurementLog(path: path)
        } catch {
            throw ValidationError("\(option): \(error)")
        }
    }

    /// Says `error` as the argument parser says a bad argument, with `command`'s usage line,
    /// and gives the exit status it uses.
    static func refusal(_ error: any Error, for command: ParsableCommand.Type) -> ExitCode {
        let name = command.configuration.commandName ?? "tcpscope"
        let text = "Error: \(error)\nUsage: \(TcpScope.usageString(for: command))\n  See 'tcpscope \(name) --help' for more information.\n"
        StandardError.write(text)
        return ExitCode.validationFailure
    }
}
