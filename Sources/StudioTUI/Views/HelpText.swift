/// The help overlay's lines: every bound key with its command and what it does, then the
/// options, so the help always matches the bindings in use (user keys included).
public enum HelpText {
    public static func lines(keyMap: KeyMap) -> [String] {
        var lines: [String] = []
        for context in [KeyContext.main, .help, .common] {
            let bindings = keyMap.bindings.filter { $0.context == context }
            guard !bindings.isEmpty else { continue }
            lines.append("Keys (\(context.rawValue))")
            for binding in bindings {
                let summary = summary(of: binding.command)
                let key = DisplayWidth.pad(binding.key.name, toWidth: 10)
                let command = DisplayWidth.pad(binding.command, toWidth: 28)
                lines.append("  \(key) \(command) \(summary)")
            }
        }
        lines.append("Options (set NAME=VALUE, set NAME+=N, toggle NAME, edit NAME)")
        for option in StudioOption.allCases {
            lines.append("  \(DisplayWidth.pad(option.rawValue, toWidth: 17)) \(option.summary)")
        }
        lines.append("Commands (: opens the command line)")
        for info in CommandInfo.all {
            lines.append("  \(DisplayWidth.pad(info.usage, toWidth: 40)) \(info.summary)")
        }
        return lines
    }

    /// What a bound command does: an option's own summary for set, toggle and edit.
    static func summary(of commandLine: String) -> String {
        switch try? StudioCommand.parse(commandLine) {
        case .set(let option, .increase)?: return "more " + option.summary
        case .set(let option, .decrease)?: return "less " + option.summary
        case .toggle(let option, let backwards)?:
            if case .flag = option.kind { return "on/off: " + option.summary }
            return (backwards ? "previous " : "next ") + option.summary
        case .edit(let option)?: return "edit the " + option.summary
        default:
            let name = commandLine.split(separator: " ").first.map(String.init) ?? commandLine
            return CommandInfo.named(name)?.summary ?? ""
        }
    }
}
