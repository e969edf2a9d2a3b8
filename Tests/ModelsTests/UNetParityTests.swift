import Foundation
import XCTest
@testable import Models

/// The Swift U-Net against its PyTorch definition (training/clipsonic/unet.py) on tiny random
/// configurations; fixtures from `python3 training/fixtures/gen_unet.py`.
final class UNetParityTests: XCTestCase {
    private func load(_ name: String) throws -> (UNet, SafeTensors) {
        let json = try Data(contentsOf: fixtureURL("unet/\(name).json"))
        let config = try JSONDecoder().decode(UNetConfiguration.self, from: json)
        let weights = try SafeTensors(contentsOf: fixtureURL("unet/\(name).safetensors"))
        let unet = try UNet(configuration: config, weights: WeightBinder(weights))
        return (unet, try SafeTensors(contentsOf: fixtureURL("unet/\(name)_io.safetensors")))
    }

    private func check(_ name: String) throws {
        let (unet, io) = try load(name)
        let x = try io.tensor("x"), t = try io.tensor("t"), clip = try io.tensor("clip")
        let out = unet(x, timeSteps: t, clip: clip)
        assertClose(out, try io.tensor("out"), name)
        print("U-Net parity \(name): max rel err \(maxRelativeError(out, try io.tensor("out")))")

        // The unconditional branch: the learned null embedding for every sample.
        let n = x.dim(0)
        let null = Ops.concat([Tensor](repeating: unet.nullEmbedding.reshaped([1, -1]), count: n), axis: 0)
        let outNull = unet(x, timeSteps: t, clip: null)
        assertClose(outNull, try io.tensor("out_null"), "\(name) null embedding")
    }

    func testTinyMatchesPyTorch() throws { try check("tiny") }

    func testTinyCrossAttentionMatchesPyTorch() throws { try check("tiny_cross") }

    func testBatchOfTwoEqualsTwoCalls() throws {
        // Guidance sends [cond; uncond] as one batch: each half must equal its own call.
        let (unet, io) = try load("tiny")
        let x = try io.tensor("x"), t = try io.tensor("t"), clip = try io.tensor("clip")
        let both = unet(x, timeSteps: t, clip: clip)
        for i in 0..<2 {
            let one = unet(x.rows(i..<(i + 1)), timeSteps: t.rows(i..<(i + 1)), clip: clip.rows(i..<(i + 1)))
            assertClose(one, both.rows(i..<(i + 1)).copy(), tolerance: 1e-5, "sample \(i)")
        }
    }
}
