import ArgumentParser
import Engine

/// `--ab MODE,MODE`: two takes of one request in two modes with one seed. A bare `--ab` means
/// the paper's comparison, prior against zero-shot.
enum ABModes {
    static let defaultPair: [ConditioningMode] = [.prior, .zeroShot]
    static let defaultText = defaultPair.map(\.rawValue).joined(separator: ",")

    static func parse(_ text: String) throws -> [ConditioningMode] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let modes = names.compactMap(ConditioningMode.init(rawValue:))
        let known = ConditioningMode.allCases.map(\.rawValue).joined(separator: ", ")
        guard modes.count == names.count else {
            throw ValidationError("--ab takes two modes separated by a comma (\(known)), e.g. --ab prior,image; found \"\(text)\"")
        }
        guard modes.count == 2, modes[0] != modes[1] else {
            throw ValidationError("--ab compares two different modes, e.g. --ab prior,zero-shot; found \"\(text)\"")
        }
        return modes
    }

    /// Command-line arguments with the default pair written after a bare `--ab`, which
    /// ArgumentParser cannot read as an option with an optional value.
    static func expandingBareFlag(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            out.append(arguments[i])
            if arguments[i] == "--ab" {
                let next = i + 1 < arguments.count ? arguments[i + 1] : nil
                // A comma or a mode name is meant as the list (and checked as one); anything else,
                // such as the prompt, is not.
                let isList = next.map { $0.contains(",") || ConditioningMode(rawValue: $0.lowercased()) != nil } ?? false
                if !isList { out.append(defaultText) }
            }
            i += 1
        }
        return out
    }
}
