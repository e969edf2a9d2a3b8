/// Where and why a byte sequence is not JSON. Callers wrap it in their own error that names the
/// file (`WeightsError.malformedHeader`, `SessionError.malformedJSON`).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem in the text given to the parser; a safetensors header reports
    /// it as a position in the file.
    public let offset: Int
    /// Counted from 1.
    public let line: Int
    /// Counted from 1, in bytes.
    public let column: Int
    public let message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset; self.line = line; self.column = column; self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
