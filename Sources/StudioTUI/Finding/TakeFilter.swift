import Engine
import Session

/// What `/` finds in the take list. The query is words, all of which must match a take:
///
///     dogs barking     the prompt contains "dogs" and "barking" (any case)
///     mode:prior       the mode (a prefix is enough: mode:z is zero-shot)
///     *  or  star      a favourite
///     r>=3  r=5  r<2   the rating, 0 (none) to 5; r alone means rated (r>=1)
///     ~a bell          the rest of the line is heard, not read: the takes ranked by how well
///                      their sound matches "a bell" (search by sound); `~` alone ends the ranking
///
/// Pure: parsing and matching touch no files, so they are tested on their own.
public struct TakeFilter: Sendable, Equatable {
    public enum Term: Sendable, Equatable {
        case text(String)
        case mode(ConditioningMode)
        case favourite
        case rating(Comparison, Int)
    }

    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case atLeast = ">=", atMost = "<=", equal = "=", above = ">", below = "<"

        func holds(_ value: Int, _ bound: Int) -> Bool {
            switch self {
            case .atLeast: return value >= bound
            case .atMost: return value <= bound
            case .equal: return value == bound
            case .above: return value > bound
            case .below: return value < bound
            }
        }
    }

    /// The words before any `~`, for the list's header and to edit again.
    public let query: String
    public let terms: [Term]
    /// The text after `~`, to rank the takes by sound with ("" ends a ranking); nil without `~`.
    /// A search needs the audio encoder and the takes' files, so the studio runs it, not `matches`.
    public let soundQuery: String?

    public init(query: String) throws(CommandError) {
        let line = query.trimmingCharacters(in: .whitespaces)
        if let tilde = line.firstIndex(of: "~") {
            self.query = line[..<tilde].trimmingCharacters(in: .whitespaces)
            soundQuery = line[line.index(after: tilde)...].trimmingCharacters(in: .whitespaces)
        } else {
            self.query = line
            soundQuery = nil
        }
        var terms: [Term] = []
        for word in self.query.split(separator: " ").map(String.init) {
            terms.append(try Self.term(word))
        }
        self.terms = terms
    }

    private static func term(_ word: String) throws(CommandError) -> Term {
        let lower = word.lowercased()
        if lower == "*" || lower == "★" || lower == "star" { return .favourite }
        if lower.hasPrefix("mode:") {
            let name = String(lower.dropFirst(5))
            let modes = ConditioningMode.allCases.filter { !name.isEmpty && $0.rawValue.hasPrefix(name) }
            guard modes.count == 1, let mode = modes.first else {
                throw .badFilter(term: word, why: "modes are " + ConditioningMode.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .mode(mode)
        }
        if lower == "r" { return .rating(.atLeast, 1) }
        if lower.hasPrefix("r"), let comparison = Comparison.allCases.first(where: { lower.dropFirst().hasPrefix($0.rawValue) }) {
            let number = lower.dropFirst(1 + comparison.rawValue.count)
            guard let bound = Int(number), Take.ratingRange.contains(bound) else {
                throw .badFilter(term: word, why: "a rating is 0 to 5, as in r>=3")
            }
            return .rating(comparison, bound)
        }
        return .text(lower)
    }

    public func matches(_ take: Take) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .text(let text): return take.request.prompt.lowercased().contains(text)
            case .mode(let mode): return take.request.mode == mode
            case .favourite: return take.isFavourite
            case let .rating(comparison, bound): return comparison.holds(take.rating, bound)
            }
        }
    }
}
