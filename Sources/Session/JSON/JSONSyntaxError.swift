/// Where and why a byte sequence is not JSON. Lines and columns count from 1; columns count bytes.
struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String

    var description: String { "line \(line), column \(column): \(message)" }
}
