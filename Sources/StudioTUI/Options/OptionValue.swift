import Engine

/// A typed option value.
public enum OptionValue: Sendable, Equatable {
    case text(String)
    case decimal(Double)
    case integer(Int)
    case seed(UInt64)
    case flag(Bool)
}

extension OptionValue {
    /// A generation parameter's value as the studio holds it: a left-out text is empty, a
    /// left-out number (the bundle's own length) is 0.
    init(_ value: ParameterValue, of parameter: RequestParameter) {
        switch value {
        case .none: self = parameter.kind == .text || parameter.kind == .path ? .text("") : .decimal(0)
        case .text(let t): self = .text(t)
        case .decimal(let x): self = .decimal(x)
        case .integer(let n): self = .integer(n)
        case .seed(let s): self = .seed(s)
        case .flag(let on): self = .flag(on)
        }
    }
}
