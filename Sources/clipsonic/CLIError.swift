import ArgumentParser

/// A one-line error printed as `Error: ...` with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
