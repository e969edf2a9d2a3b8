import Foundation
import Models

/// A safetensors fixture written by training/fixtures/gen_diffusion.py, read with the project's
/// reader.
struct DiffusionFixture {
    private let file: SafeTensors

    /// `name` in Tests/Fixtures/diffusion/; regenerate with `python3 training/fixtures/gen_diffusion.py`.
    init(_ name: String, filePath: String = #filePath) throws {
        let tests = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        file = try SafeTensors(contentsOf: tests.appendingPathComponent("Fixtures/diffusion/\(name)"))
    }

    func tensor(_ name: String) throws -> Tensor { try file.tensor(name) }
}

/// max|a - b| / max(max|b|, 1e-6): the project's parity measure.
func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "sizes \(a.count) and \(b.count) differ")
    var diff: Float = 0, scale: Float = 0
    for i in 0..<a.count {
        diff = max(diff, abs(a[i] - b[i]))
        scale = max(scale, abs(b[i]))
    }
    return diff / max(scale, 1e-6)
}
