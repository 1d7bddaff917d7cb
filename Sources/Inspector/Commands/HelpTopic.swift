/// What `help TOPIC` names: a command, a socket option, or nothing known (then the nearest
/// known name, when one is close). The headless runner and the help screen both ask here, so
/// they agree on what a topic is.
public enum HelpTopic: Sendable, Hashable {
    /// A command of the language, by its canonical name (`?` is `help`, `q` is `quit`).
    case command(name: String, usage: String, summary: String)
    /// A socket option, named alone (`nodelay`, `read_timeout`) or as `set nodelay`/`get ttl`.
    case option(SocketOptionName)
    /// Neither; `suggestion` is the closest command or option name, if any is close.
    case unknown(topic: String, suggestion: String?)

    /// The topic `text` names, in any letter case.
    public static func resolve(_ text: String) -> HelpTopic {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count == 1, let command = CommandWord.named(words[0]) {
            return .command(name: command.rawValue, usage: command.usage, summary: command.summary)
        }
        if words.count == 1, let option = SocketOptionName.named(words[0]) { return .option(option) }
        if words.count == 2, ["set", "get"].contains(words[0].lowercased()),
           let option = SocketOptionName.named(words[1]) {
            return .option(option)
        }
        let names = CommandWord.allCases.map(\.rawValue) + SocketOptionName.allCases.map(\.rawValue)
        let topic = words.joined(separator: " ")
        return .unknown(topic: topic, suggestion: Suggestion.nearest(to: words.last ?? "", among: names))
    }

    /// "no command or option is called 'bogus'", with a suggestion when there is one.
    public static func unknownText(_ topic: String, suggestion: String?) -> String {
        var text = "help: no command or option is called \(MessageText.quoted(topic))"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text + " (help alone lists every command; the options are: \(SocketOptionName.nameList))"
    }
}
