import Foundation
import Models

/// Reads the F32 safetensors fixtures written by training/fixtures/gen_diffusion.py.
///
/// Test-only and deliberately minimal (F32, no memory map): the engine's tests must not depend on
/// the production loader they are not testing.
struct DiffusionFixture {
    let path: String
    private let tensors: [String: Tensor]

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// `name` in Tests/Fixtures/diffusion/; regenerate with `python3 training/fixtures/gen_diffusion.py`.
    init(_ name: String, filePath: String = #filePath) throws {
        let tests = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        let url = tests.appendingPathComponent("Fixtures/diffusion/\(name)")
        path = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw Missing(description: "\(path): cannot read (\(error)); run python3 training/fixtures/gen_diffusion.py")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw Missing(description: "\(path): shorter than a safetensors header") }
        var headerLength = 0
        for i in 0..<8 { headerLength |= Int(bytes[i]) << (8 * i) }
        guard 8 + headerLength <= bytes.count,
              let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any]
        else { throw Missing(description: "\(path): bad safetensors header") }
        var out: [String: Tensor] = [:]
        for (key, value) in header where key != "__metadata__" {
            guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
                  offsets.count == 2
            else { throw Missing(description: "\(path): tensor \(key) is not a F32 entry") }
            let start = 8 + headerLength + offsets[0], end = 8 + headerLength + offsets[1]
            guard end <= bytes.count, (end - start) == 4 * shape.reduce(1, *)
            else { throw Missing(description: "\(path): tensor \(key) has bad offsets") }
            let t = Tensor(zeros: shape)
            bytes[start..<end].withUnsafeBytes { raw in
                for i in 0..<t.count { t.pointer[i] = raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
            }
            out[key] = t
        }
        tensors = out
    }

    func tensor(_ name: String) throws -> Tensor {
        guard let t = tensors[name] else { throw Missing(description: "\(path): no tensor \(name)") }
        return t
    }
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
