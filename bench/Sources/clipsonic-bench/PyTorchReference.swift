import Foundation
import Models

/// Runs one of bench/*.py (the PyTorch side of a benchmark) and returns its JSON object, or nil
/// with a message when Python or torch is missing, so the Swift numbers still print.
enum PyTorchReference {
    static func run(script: String, arguments: [String] = []) -> JSONValue? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A module (`-m pkg.mod ...`) passes its own arguments, threads included.
        p.arguments = script == "-m" ? ["python3", "-m"] + arguments
            : ["python3", script, "--threads", String(ComputeThreadsSetting.count)] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        do { try p.run() } catch {
            print("  (PyTorch reference skipped: cannot run python3: \(error))")
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        // The script prints one JSON object, on one line or indented, after any log lines.
        let text = String(decoding: data, as: UTF8.self)
        let json = text.firstIndex(of: "{").map { String(text[$0...]) } ?? ""
        guard p.terminationStatus == 0,
              let obj = try? JSONParser.parse(Array(json.utf8)), obj.objectValue != nil else {
            print("  (PyTorch reference \(script) failed with status \(p.terminationStatus))")
            return nil
        }
        return obj
    }
}
