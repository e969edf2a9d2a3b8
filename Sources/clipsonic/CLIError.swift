import ArgumentParser

/// A one-line error printed as `Error: ...`. Exit codes follow sysexits: 64 for a request or
/// option out of the table's limits (whichever check finds it), 65 for a bad input file, 1 for
/// everything else, 130 after Ctrl-C.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) { description = message; self.exitCode = exitCode }

    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let interrupted: Int32 = 130
}
