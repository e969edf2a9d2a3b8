/// Where and why a JSON text failed to parse. Callers wrap it in a `WeightsError` that names
/// the file.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem inside the JSON text.
    public let offset: Int
    public let message: String

    public var description: String { "\(message) at byte \(offset)" }
}
