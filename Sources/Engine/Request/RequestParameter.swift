import Foundation
import Models

/// One generation parameter: its one spelling (the CLI flag `--NAME`, the batch and tag JSON key,
/// the `--json` field, the session key and the studio's `set NAME`), its kind and limits, its
/// default and its help. `RequestParameters.all` is the table; nothing else states a limit.
public final class RequestParameter: Sendable {
    public let name: String
    public let kind: ParameterKind
    /// Whether the parameter may be left out (`.none`): a negative prompt, a picture, a length.
    public let isOptional: Bool
    /// The value a request has when the parameter is not given.
    public let defaultValue: ParameterValue
    /// One sentence for `--help`, the studio's help overlay and the docs.
    public let help: String
    /// How help names the value: SECONDS, PATH, N.
    public let valueName: String
    /// How help and docs state the default: "3", "none", "drawn anew for each take".
    public let defaultDescription: String
    let get: @Sendable (GenerationRequest) -> ParameterValue
    let set: @Sendable (inout GenerationRequest, ParameterValue) -> Void

    init(_ name: String, _ kind: ParameterKind, default defaultValue: ParameterValue, optional: Bool = false,
         defaultDescription: String? = nil, valueName: String, help: String,
         get: @escaping @Sendable (GenerationRequest) -> ParameterValue,
         set: @escaping @Sendable (inout GenerationRequest, ParameterValue) -> Void) {
        self.name = name; self.kind = kind; self.defaultValue = defaultValue; self.isOptional = optional
        self.defaultDescription = defaultDescription ?? (defaultValue == .none || defaultValue == .text("") ? "none" : defaultValue.text)
        self.valueName = valueName; self.help = help; self.get = get; self.set = set
    }

    public func value(in request: GenerationRequest) -> ParameterValue { get(request) }

    /// Stores a value that `parse`, `decode` or `check` accepted.
    public func assign(_ value: ParameterValue, to request: inout GenerationRequest) { set(&request, value) }

    /// Help with the default and the limits: "Classifier-free guidance ... (0 to 50; default 3)".
    public var helpWithLimits: String {
        var notes: [String] = []
        switch kind {
        case .decimal, .integer, .seed, .choice, .flag: notes.append(kind.expected)
        case .text, .path: break
        }
        if defaultDescription != "none" { notes.append("default \(defaultDescription)") }
        return notes.isEmpty ? help : "\(help) (\(notes.joined(separator: "; ")))"
    }

    // MARK: Reading values as people type them

    /// `text` as typed on a command line or in the studio. Empty text leaves an optional
    /// parameter out; "native" does too for the length.
    public func parse(_ text: String) throws(RequestError) -> ParameterValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if isOptional, trimmed.isEmpty || (name == "duration" && trimmed.lowercased() == "native") { return .none }
        let value: ParameterValue
        switch kind {
        case .text, .path: value = .text(trimmed)
        case .choice(let choices):
            guard let choice = choices.first(where: { $0 == trimmed.lowercased() }) else { throw invalid(quoted(trimmed)) }
            value = .text(choice)
        case .decimal:
            guard let x = Double(trimmed) else { throw invalid(quoted(trimmed)) }
            value = .decimal(x)
        case .integer:
            guard let n = Int(trimmed) else { throw invalid(quoted(trimmed)) }
            value = .integer(n)
        case .seed:
            guard let s = UInt64(trimmed) else { throw invalid(quoted(trimmed)) }
            value = .seed(s)
        case .flag:
            switch trimmed.lowercased() {
            case "on", "true", "yes", "1": value = .flag(true)
            case "off", "false", "no", "0": value = .flag(false)
            default: throw invalid(quoted(trimmed))
            }
        }
        try check(value)
        return value
    }

    /// Checks a value against the kind's limits.
    public func check(_ value: ParameterValue) throws(RequestError) {
        switch (kind, value) {
        case (_, .none):
            guard isOptional else { throw invalid("nothing") }
        case (.text, .text), (.path, .text): break
        case (.choice(let choices), .text(let t)):
            guard choices.contains(t) else { throw invalid(quoted(t)) }
        case (.decimal(let range, _), .decimal(let x)):
            guard x.isFinite, range.contains(x) else { throw invalid(ParameterValue.format(x)) }
        case (.integer(let range, _), .integer(let n)):
            guard range.contains(n) else { throw invalid(String(n)) }
        case (.seed(let range), .seed(let s)):
            guard range.contains(s) else { throw invalid(String(s)) }
        case (.flag, .flag): break
        default:
            throw invalid(value.text)
        }
    }

    // MARK: JSON

    /// The value as JSON (batch lines, tags, sessions, `--json`).
    public func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .none: return .null
        case .text(let t): return .string(t)
        case .decimal(let x): return x == x.rounded() && abs(x) < 1e15 ? .int(Int(x)) : .number(ParameterValue.format(x))
        case .integer(let n): return .int(n)
        case .seed(let s): return s <= UInt64(Int.max) ? .int(Int(s)) : .number(String(s))
        case .flag(let on): return .bool(on)
        }
    }

    /// A JSON value, strictly: the right JSON type (no "3" for 3, no 2.5 for a whole number) and
    /// within the limits. `null` leaves an optional parameter out.
    public func decode(_ json: JSONValue) throws(RequestError) -> ParameterValue {
        let value: ParameterValue
        switch (kind, json) {
        case (_, .null) where isOptional: return .none
        case (.text, .string(let t)), (.path, .string(let t)), (.choice, .string(let t)): value = .text(t)
        case (.decimal, .int(let n)): value = .decimal(Double(n))
        case (.decimal, .number(let text)):
            guard let x = Double(text) else { throw invalid(text) }
            value = .decimal(x)
        case (.integer, .int(let n)): value = .integer(n)
        case (.flag, .bool(let on)): value = .flag(on)
        case (.integer, .number(let text)):
            // 5e1 and 50.0 are how some JSON tools write 50; 2.5 is no whole number.
            guard let x = Double(text), let n = Int(exactly: x) else { throw invalid(text) }
            value = .integer(n)
        case (.seed, .int(let n)):
            guard n >= 0 else { throw invalid(String(n)) }
            value = .seed(UInt64(n))
        case (.seed, .number(let text)):
            guard let s = UInt64(text) ?? Double(text).flatMap({ UInt64(exactly: $0) }) else { throw invalid(text) }
            value = .seed(s)
        default:
            throw RequestError.invalidValue(parameter: name, expected: kind.jsonType, found: json.typeDescription)
        }
        try check(value)
        return value
    }

    private func invalid(_ found: String) -> RequestError {
        .invalidValue(parameter: name, expected: kind.expected, found: found)
    }

    private func quoted(_ text: String) -> String { "\"\(text)\"" }
}
