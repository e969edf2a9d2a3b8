import Foundation
import XCTest
@testable import Engine
@testable import Models

/// Fixture access and comparisons for the prior sampling tests.
enum PriorSamplingFixtures {
    static func url(_ relative: String, file: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(file)").deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/prior").appendingPathComponent(relative)
    }

    static func tiny() throws -> (PriorConfig, DiffusionPriorNetwork) { try prior("tiny") }

    /// The tiny prior with a learned null condition (training/clipsonic/prior_null.py).
    static func withNullCondition() throws -> (PriorConfig, DiffusionPriorNetwork) { try prior("null") }

    static func prior(_ name: String) throws -> (PriorConfig, DiffusionPriorNetwork) {
        let config = try JSONDecoder().decode(PriorConfig.self, from: Data(contentsOf: url("\(name)/prior.json")))
        let tensors = try SafeTensors(contentsOf: url("\(name)/prior.safetensors"))
        return (config, try DiffusionPriorNetwork(weights: PriorWeights(config: config.net, safetensors: tensors)))
    }

    static func parity() throws -> SafeTensors { try SafeTensors(contentsOf: url("parity.safetensors")) }

    /// Hands out the rows of noise [steps, N, D] in order, as the reference drew them.
    final class NoiseQueue {
        private let noise: Tensor
        private var index = 0
        init(_ noise: Tensor) { self.noise = noise }
        var isEmpty: Bool { index == noise.shape[0] }
        func next(_ shape: [Int]) -> Tensor {
            precondition(index < noise.shape[0], "sampler drew more noise than the reference")
            defer { index += 1 }
            return noise[index].copy().reshaped(shape)
        }
    }

    static func queue(_ noise: Tensor) -> NoiseQueue { NoiseQueue(noise) }

    static func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
        var diff: Float = 0, mag: Float = 0
        for i in 0..<b.count {
            diff = max(diff, abs(a.pointer[i] - b.pointer[i]))
            mag = max(mag, abs(b.pointer[i]))
        }
        return diff / max(mag, 1e-6)
    }

    static func assertClose(_ a: Tensor, _ b: Tensor, tolerance: Float = 1e-4, _ what: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, "\(what): shape", file: file, line: line)
        guard a.shape == b.shape else { return }
        let err = relativeError(a, b)
        XCTAssertFalse(err.isNaN, "\(what): NaN", file: file, line: line)
        XCTAssertLessThanOrEqual(err, tolerance, "\(what): max relative error \(err)", file: file, line: line)
    }

    /// Standard normal values from a SplitMix64 state (tests only; the engine has its own RNG).
    static func gaussian(_ shape: [Int], state: inout UInt64) -> Tensor {
        let t = Tensor(zeros: shape)
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
        }
        for i in 0..<t.count { t.pointer[i] = Float((-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())) }
        return t
    }

    /// A unit text embedding and encodings with `used` non-zero rows of `tokens`. [1, dim], [1, tokens, dim]
    static func randomPrompt(dim: Int, tokens: Int, used: Int) -> (embed: Tensor, encodings: Tensor) {
        var state: UInt64 = 7
        let e = gaussian([1, dim], state: &state)
        let norm = e.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let enc = Tensor(zeros: [1, tokens, dim])
        enc.pointer.update(from: gaussian([used, dim], state: &state).pointer, count: used * dim)
        return (e * (1 / norm), enc)
    }
}
