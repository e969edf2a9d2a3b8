import Engine
import Foundation
import XCTest

/// Runs the built `clipsonic` binary (next to this test bundle in .build/<config>/).
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        // /proc/self/exe is the xctest bundle's executable inside .build/<triple>/<config>/.
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0])
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("clipsonic").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("clipsonic")
    }

    /// Runs `executable` (the built binary by default) with `environment` (this process's by default).
    static func run(_ args: [String], in folder: URL? = nil, executable: URL? = nil,
                    environment: [String: String]? = nil) throws -> CLIResult {
        let p = Process()
        p.executableURL = executable ?? binary
        p.arguments = args
        if let environment { p.environment = environment }
        p.currentDirectoryURL = folder ?? repositoryRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                         stderr: String(decoding: e, as: UTF8.self))
    }

    /// A tiny random-weight bundle made by the binary itself, once per test process.
    static let tinyBundle: Result<URL, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-cli-tiny-\(getpid())")
        let r = try run(["random-bundle", dir.path])
        guard r.status == 0 else { throw NSError(domain: "CLI", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        return dir
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
