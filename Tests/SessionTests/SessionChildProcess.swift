import Engine
import Foundation
@testable import Session
import XCTest

/// Runs this test binary again as a child process that executes only
/// `SessionChildProcessEntry.testChildProcessEntry`, in a mode chosen by environment variables.
/// XCTest on Linux runs a single test when given its name, so no extra executable target is
/// needed for tests that must kill a writer or limit a process's resources.
enum SessionChildProcess {
    static let modeVariable = "CLIPSONIC_SESSION_CHILD_MODE"
    static let fileVariable = "CLIPSONIC_SESSION_CHILD_FILE"
    static let entryTest = "SessionTests.SessionChildProcessEntry/testChildProcessEntry"

    enum Mode: String {
        /// Saves a new state in a tight loop until killed.
        case torture
        /// Saves with a 16 KiB file size limit, as on a full disk.
        case fileSizeLimit = "file-size-limit"
        /// Drops root privileges, then saves into a read-only folder.
        case readOnlyAsNobody = "read-only-as-nobody"
        /// Deletes a take and undoes it, in a tight loop until killed.
        case deleteUndo = "delete-undo"
        /// Saves takes as the studio does, WAV then session, in a tight loop until killed.
        case saveTakes = "save-takes"
    }

    /// The running test binary; nil where it cannot be run this way (not Linux).
    static func executable() -> URL? {
        #if os(Linux)
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              path.hasSuffix(".xctest") else { return nil }
        return URL(fileURLWithPath: path)
        #else
        return nil
        #endif
    }

    /// Starts the child; its stdout and stderr go to `log` (or nowhere).
    static func start(_ mode: Mode, file: URL, log: URL? = nil) throws -> Process {
        guard let executable = executable() else {
            throw XCTSkip("this test re-runs the .xctest binary as a child process, which works on Linux only")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = [entryTest]
        var environment = ProcessInfo.processInfo.environment
        environment[modeVariable] = mode.rawValue
        environment[fileVariable] = file.path
        process.environment = environment
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Runs the child to completion and fails the test, with the child's output, unless it
    /// exited with status 0 (all its assertions passed).
    static func runToCompletion(_ mode: Mode, file: URL, log: URL, in test: XCTestCase,
                                sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        let process = try start(mode, file: file, log: log)
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationReason, .exit, output, file: sourceFile, line: line)
        XCTAssertEqual(process.terminationStatus, 0, "child process failed:\n\(output)", file: sourceFile, line: line)
        XCTAssertTrue(output.contains("Executed 1 test"), "the child did not run its entry test:\n\(output)",
                      file: sourceFile, line: line)
    }

    /// The torture writer's state number `n`: everything, including the file's size, follows
    /// from `n`, so a file that parses and equals `tortureState(seed)` is one whole state.
    static func tortureState(_ n: UInt64) -> StudioSession {
        var request = GenerationRequest(prompt: "state \(n)", seed: n)
        request.steps = Int(n % 50) + 1
        let takes = (0..<Int(n % 7)).map { index in
            Take(id: UUID(uuidString: String(format: "00000000-0000-0000-%04X-%012llX", index, n)) ?? UUID(),
                 request: request, audioPath: "takes/\(n)-\(index).wav", created: sampleDate, duration: Double(index),
                 note: String(repeating: "n", count: Int(n &* 7_919 % 4_000)))
        }
        return StudioSession(bundlePath: "models/mini", created: sampleDate, modified: sampleDate,
                             settings: StudioSettings(request: request, themeName: "state-\(n)"),
                             takes: takes, seedHistory: [n])
    }
}
