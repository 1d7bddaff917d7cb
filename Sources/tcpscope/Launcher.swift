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

    static func runScreen(_ options: ScreenOptions, startup: [String], greeting: String) throws {
        // Before any thread starts: resizes must interrupt the UI thread's wait (InputWaiter).
        let waiter = InputWaiter()
        let limit = DescriptorLimit.raise()
        let session = Session(configuration: try options.capture.configuration())
        defer { session.shutdown() }
        try options.recording.start(on: session)
        defer { options.recording.finish(on: session) }
        let assets = AssetLocator.find()
        var message = greeting
        if let warning = limit.warning {
            message = warning + " " + message
            // Also in the Log: the startup command's outcome replaces the greeting at once.
            session.note(warning)
        }
        let ui = UserInterface(
            session: session, waiter: waiter, help: assets.helpLibrary(),
            options: .init(latencyLog: options.latencyLog, frameLog: options.frameLog, greeting: message, startup: startup + (try options.scriptLines())))
        do {
            try ui.run()
        } catch {
            throw ValidationError("tcpscope: \(error)")
        }
    }
}
