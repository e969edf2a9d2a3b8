import Foundation
import Models
import XCTest
@testable import Engine

/// NaN and infinity are stopped where they appear: in a weight at load, in a stage's output
/// before anything is written.
final class FiniteValueTests: XCTestCase {
    func testFiniteCheckFindsTheFirstBadValueAcrossChunks() {
        var values = [Float](repeating: 1, count: (1 << 18) * 3 + 17)
        XCTAssertNil(FiniteCheck.firstNonFinite(values))
        values[(1 << 18) * 2 + 5] = .infinity
        values[(1 << 18) * 3 + 1] = .nan
        XCTAssertEqual(FiniteCheck.firstNonFinite(values), (1 << 18) * 2 + 5)
        XCTAssertEqual(FiniteCheck.firstNonFinite([0, -.infinity]), 1)
        XCTAssertEqual(FiniteCheck.firstNonFinite([Float.greatestFiniteMagnitude, -0, .leastNonzeroMagnitude, .nan]), 3)
    }

    /// Copies the tiny bundle with one U-Net tensor changed by `edit`.
    func bundle(editing tensorName: String, _ edit: (inout [Float]) -> Void) throws -> URL {
        let source = try TinyBundle.url.get()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-finite-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        let file = copy.appendingPathComponent("unet.safetensors")
        let weights = try SafeTensors(contentsOf: file)
        var tensors: [String: Tensor] = [:]
        for name in weights.names { tensors[name] = try weights.tensor(name).copy() }
        let original = try XCTUnwrap(tensors[tensorName])
        var values = Array(UnsafeBufferPointer(start: original.pointer, count: original.count))
        edit(&values)
        tensors[tensorName] = Tensor(shape: original.shape, scalars: values)
        try FileManager.default.removeItem(at: file)
        try SafeTensors.write(tensors, to: file)
        return copy
    }

    func testANaNWeightIsRefusedAtLoadNamingTheTensor() throws {
        let name = try XCTUnwrap(SafeTensors(contentsOf: try TinyBundle.url.get().appendingPathComponent("unet.safetensors"))
            .names.first { $0.hasSuffix("weight") })
        let broken = try bundle(editing: name) { $0[$0.count / 2] = .nan }
        defer { try? FileManager.default.removeItem(at: broken) }
        XCTAssertThrowsError(try GenerationEngine(bundleAt: broken)) { error in
            XCTAssertTrue("\(error)".contains("tensor \(name) holds nan"), "\(error)")
        }
    }

    func testAStageThatOverflowsIsAnErrorNamingItAndNothingIsReturned() throws {
        let source = try SafeTensors(contentsOf: try TinyBundle.url.get().appendingPathComponent("unet.safetensors"))
        // The output convolution, scaled far past Float's range: the mel overflows.
        let name = try XCTUnwrap(source.names.filter { $0.hasSuffix("weight") && (try? source.info($0).shape.count) == 4 }.last)
        let broken = try bundle(editing: name) { values in for i in values.indices { values[i] = 3e38 } }
        defer { try? FileManager.default.removeItem(at: broken) }
        let engine = try GenerationEngine(bundleAt: broken)
        XCTAssertThrowsError(try engine.generate(GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 2, seed: 1))) { error in
            guard case .nonFinite(let stage, _)? = error as? EngineError else { return XCTFail("\(error)") }
            XCTAssertTrue(stage.hasPrefix("denoising"), stage)
        }
    }
}
