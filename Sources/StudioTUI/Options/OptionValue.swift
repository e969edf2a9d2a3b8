/// A typed option value.
public enum OptionValue: Sendable, Equatable {
    case text(String)
    case decimal(Double)
    case integer(Int)
    case seed(UInt64)
    case flag(Bool)
}
