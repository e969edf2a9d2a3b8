import Models
import Foundation
import Session

extension StudioCommand {
    /// The longest command line, in UTF-8 bytes. Long enough for any prompt CLIP can read (77
    /// tokens), short enough that a pasted or generated line cannot stall the studio.
    public static let maximumLength = 4096

    /// Reads a command line such as `set guidance+=0.5`, `seek -1`, `bind main g generate`.
    /// Pure: no state is consulted, so key files are checked when they are read. Linear in the
    /// line's length, which is limited to `maximumLength`.
    public static func parse(_ line: String) throws(CommandError) -> StudioCommand {
        let length = line.utf8.count
        guard length <= maximumLength else { throw .tooLong(length: length, limit: maximumLength) }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .empty }
        let (name, rest) = splitWord(trimmed)
        let arguments = rest.trimmingCharacters(in: .whitespaces)
        let usage = CommandInfo.named(name == "export!" ? "export" : name)?.usage ?? name

        func noArguments(_ command: StudioCommand) throws(CommandError) -> StudioCommand {
            guard arguments.isEmpty else { throw .usage(command: name, usage: usage) }
            return command
        }

        switch name {
        case "generate": return try noArguments(.generate)
        case "generate-ab": return try noArguments(.generateAB)
        case "generate-variations": return try noArguments(.generateVariations)
        case "pick":
            guard let n = Int(arguments), (0...VariationGroup.maximumSize).contains(n) else {
                throw .usage(command: name, usage: usage)
            }
            return .pick(n)
        case "vary": return try noArguments(.vary)
        case "cancel": return try noArguments(.cancel)
        case "skip": return try noArguments(.skip)
        case "new-seed": return try noArguments(.newSeed)
        case "restore": return try noArguments(.restore)
        case "star": return try noArguments(.star)
        case "delete": return try noArguments(.deleteTake)
        case "undo": return try noArguments(.undoDelete)
        case "edit-note": return try noArguments(.editNote)
        case "note": return .note(unquote(arguments))
        case "filter":
            let query = unquote(arguments)
            _ = try TakeFilter(query: query)
            return .filter(query)
        case "edit-filter": return try noArguments(.editFilter)
        case "search": return .search(unquote(arguments))
        case "edit-search": return try noArguments(.editSearch)
        case "find-next": return try noArguments(.findMatch(forward: true))
        case "find-previous": return try noArguments(.findMatch(forward: false))
        case "export", "export!":
            let path = unquote(arguments)
            guard !path.isEmpty else { throw .usage(command: name, usage: usage) }
            return .export(path: path, replacing: name == "export!")
        case "rate":
            let signed = arguments.hasPrefix("+") || arguments.hasPrefix("-")
            guard let n = Int(arguments.hasPrefix("+") ? String(arguments.dropFirst()) : arguments),
                  signed || Take.ratingRange.contains(n) else { throw .usage(command: name, usage: usage) }
            return .rate(signed ? .relative(n) : .number(n))
        case "play": return try noArguments(.play)
        case "pause": return try noArguments(.pause)
        case "player-stop": return try noArguments(.playerStop)
        case "ab-switch": return try noArguments(.abSwitch)
        case "help": return try noArguments(.help)
        case "redraw": return try noArguments(.redraw)
        case "command": return try noArguments(.commandLine)
        case "quit": return try noArguments(.quit)
        case "set": return try parseSet(arguments, usage: usage)
        case "toggle":
            let (optionName, direction) = splitWord(arguments)
            guard !optionName.isEmpty, direction.isEmpty || direction == "-" || direction == "+" else {
                throw .usage(command: name, usage: usage)
            }
            let option = try StudioOption.named(optionName)
            switch option.kind {
            case .flag, .choice, .name: return .toggle(option, backwards: direction == "-")
            default: throw .notToggleable(option: option.rawValue)
            }
        case "edit":
            guard !arguments.isEmpty, !arguments.contains(" ") else { throw .usage(command: name, usage: usage) }
            return .edit(try StudioOption.named(arguments))
        case "select-take":
            switch arguments {
            case "first": return .selectTake(.first)
            case "last": return .selectTake(.last)
            default:
                guard let n = Int(arguments.hasPrefix("+") ? String(arguments.dropFirst()) : arguments) else {
                    throw .usage(command: name, usage: usage)
                }
                let signed = arguments.hasPrefix("+") || arguments.hasPrefix("-")
                if !signed, n < 1 { throw .usage(command: name, usage: usage) }
                return .selectTake(signed ? .relative(n) : .number(n))
            }
        case "seek":
            let signed = arguments.hasPrefix("+") || arguments.hasPrefix("-")
            guard let seconds = Double(arguments.hasPrefix("+") ? String(arguments.dropFirst()) : arguments),
                  seconds.isFinite, signed || seconds >= 0 else {
                throw .usage(command: name, usage: usage)
            }
            return .seek(signed ? .relative(seconds) : .absolute(seconds))
        case "prefer":
            guard let preference = ABPreference(rawValue: arguments.lowercased()) else {
                throw .usage(command: name, usage: usage)
            }
            return .prefer(preference)
        case "help-scroll":
            guard let n = Int(arguments.hasPrefix("+") ? String(arguments.dropFirst()) : arguments) else {
                throw .usage(command: name, usage: usage)
            }
            return .helpScroll(n)
        case "bind":
            let (contextName, afterContext) = splitWord(arguments)
            let (keyName, command) = splitWord(afterContext.trimmingCharacters(in: .whitespaces))
            let commandText = command.trimmingCharacters(in: .whitespaces)
            guard !contextName.isEmpty, !keyName.isEmpty, !commandText.isEmpty else {
                throw .usage(command: name, usage: usage)
            }
            let binding = KeyBinding(context: try context(contextName), key: try key(keyName), command: commandText)
            // A binding to a command that cannot run is caught now, not when the key is pressed.
            // Bindings do not nest: that would make parsing recurse once per word.
            switch try parse(commandText) {
            case .bind, .unbind: throw .nestedBinding
            default: return .bind(binding)
            }
        case "unbind":
            let (contextName, keyName) = splitWord(arguments)
            let keyText = keyName.trimmingCharacters(in: .whitespaces)
            guard !contextName.isEmpty, !keyText.isEmpty, !keyText.contains(" ") else {
                throw .usage(command: name, usage: usage)
            }
            return .unbind(try context(contextName), try key(keyText))
        default:
            throw .unknownCommand(name: name, suggestion: NameSuggestion.closest(to: name, among: CommandInfo.all.map(\.name)))
        }
    }

    /// `NAME=VALUE`, `NAME+=N`, `NAME-=N` or `NAME`. The value is the rest of the line, so
    /// `set prompt=rain on a tin roof` needs no quotes; surrounding double quotes are removed.
    private static func parseSet(_ arguments: String, usage: String) throws(CommandError) -> StudioCommand {
        guard !arguments.isEmpty else { throw .usage(command: "set", usage: usage) }
        guard let equals = arguments.firstIndex(of: "=") else {
            guard !arguments.contains(" ") else { throw .usage(command: "set", usage: usage) }
            return .set(try StudioOption.named(arguments), .show)
        }
        var name = arguments[..<equals].trimmingCharacters(in: .whitespaces)
        let value = unquote(String(arguments[arguments.index(after: equals)...]))
        var operation = StudioCommand.SetOperation.assign(value)
        if name.hasSuffix("+") { name.removeLast(); operation = .increase(value) }
        else if name.hasSuffix("-") { name.removeLast(); operation = .decrease(value) }
        name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(" ") else { throw .usage(command: "set", usage: usage) }
        return .set(try StudioOption.named(name), operation)
    }

    private static func unquote(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\"") else { return trimmed }
        return String(trimmed.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
    }

    private static func context(_ name: String) throws(CommandError) -> KeyContext {
        guard let context = KeyContext(rawValue: name) else { throw .unknownContext(name: name) }
        return context
    }

    private static func key(_ name: String) throws(CommandError) -> Key {
        guard let key = Key(name: name) else { throw .unknownKey(name: name) }
        return key
    }

    /// The first word and the rest (which keeps its inner spacing).
    static func splitWord(_ text: String) -> (String, String) {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text, "") }
        return (String(text[..<space]), String(text[space...]).trimmingCharacters(in: .whitespaces))
    }
}
