import Foundation
import XCTest
@testable import Engine
@testable import Models

/// The denoising loop driving the real U-Net (the tiny parity fixture), guided against its null
/// embedding, end to end, against the same loop in PyTorch + diffusers.
final class UNetSamplingTests: XCTestCase {
    func testGuidedSamplingWithTheTinyUNet() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/unet")
        let config = try JSONDecoder().decode(UNetConfiguration.self,
                                              from: Data(contentsOf: fixtures.appendingPathComponent("tiny.json")))
        let weights = try SafeTensors(contentsOf: fixtures.appendingPathComponent("tiny.safetensors"))
        let unet = try UNet(configuration: config, weights: WeightBinder(weights))
        let io = try SafeTensors(contentsOf: fixtures.appendingPathComponent("tiny_io.safetensors"))
        let clip = try io.tensor("clip").rows(0..<1)

        var random = TorchRandomSource(seed: 5)
        let noise = random.normalTensor(shape: [1, 1, config.nMels, 20])
        let scheduler = SamplerKind.dpmSolverPP.makeScheduler(
            configuration: SchedulerConfiguration(prediction: .v), stepCount: 8, random: random)
        var previews = 0
        let mel = try DenoisingLoop.run(
            denoiser: unet, scheduler: scheduler, initialNoise: noise, embedding: clip,
            guidance: ClassifierFreeGuidance(scale: 3, unconditional: unet.nullEmbedding)) { step in
                XCTAssertEqual(step.predictedOriginal.shape, [1, 1, config.nMels, 20])
                previews += 1
                return true
            }
        XCTAssertEqual(previews, 8)
        XCTAssertEqual(mel.shape, [1, 1, config.nMels, 20])
        // guided_sample() in training/fixtures/gen_unet.py: the same trajectory through diffusers.
        let expected = try io.tensor("guided_mel")
        let err = relativeError(mel.scalars, expected.scalars)
        print("guided tiny U-Net sampling vs diffusers: max rel err \(err)")
        XCTAssertLessThanOrEqual(err, 1e-4)
    }
}
