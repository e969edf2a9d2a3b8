import Foundation
import XCTest
@testable import Engine
import Models

/// The memory estimate's parameter counts against the networks' real tensor lists, so that the
/// refusal of a bundle too large for the machine rests on figures close to the truth.
final class MemoryEstimateTests: XCTestCase {
    /// Elements in a safetensors file of the tiny bundle.
    func parameters(_ file: String) throws -> Double {
        let tensors = try SafeTensors(contentsOf: try TinyBundle.url.get().appendingPathComponent(file))
        return Double(tensors.header.tensors.values.reduce(0) { $0 + $1.count })
    }

    func assertClose(_ estimate: Double, _ actual: Double, within tolerance: Double, _ what: String) {
        XCTAssertLessThan(abs(estimate - actual) / actual, tolerance, "\(what): estimated \(estimate), actual \(actual)")
    }

    func testTinyBundleCountsMatchItsWeightFiles() throws {
        let configs = try BundleConfigs(manifest: ModelBundle.open(at: try TinyBundle.url.get()).manifest)
        assertClose(MemoryEstimate.parameters(configs.clip), try parameters("clip.safetensors"), within: 0.02, "CLIP")
        assertClose(MemoryEstimate.parameters(configs.unet), try parameters("unet.safetensors"), within: 0.1, "U-Net")
        let prior = try XCTUnwrap(configs.prior)
        assertClose(MemoryEstimate.parameters(prior.net), try parameters("prior.safetensors"), within: 0.1, "prior")
    }

    /// Counts published for the full-size networks (DESIGN.md: the U-Net 92.4 M; OpenAI CLIP
    /// ViT-L/14 427.6 M; NVIDIA's model card: BigVGAN-v2 22 kHz 112.4 M).
    func testFullSizeCountsMatchThePublishedOnes() throws {
        assertClose(MemoryEstimate.parameters(CLIPConfig.vitL14), 427.6e6, within: 0.02, "CLIP ViT-L/14")
        assertClose(MemoryEstimate.parameters(UNetConfiguration.full), 92.4e6, within: 0.1, "U-Net")
        assertClose(MemoryEstimate.parameters(BigVGANConfiguration.v2_22kHz80Band256x), 112.4e6, within: 0.1, "BigVGAN")
    }

    func testTheWorkingSetGrowsWithTheTakeAndTheMachineFigureIsRead() throws {
        let configs = try BundleConfigs(manifest: ModelBundle.open(at: try TinyBundle.url.get()).manifest)
        let native = MemoryEstimate(configs, frames: configs.audio.frames)
        let long = MemoryEstimate(configs, frames: 100 * configs.audio.frames)
        XCTAssertGreaterThan(long.activations.bytes, native.activations.bytes)
        XCTAssertEqual(long.weights.map(\.bytes), native.weights.map(\.bytes))
        XCTAssertEqual(AvailableMemory.memAvailable(in: "MemTotal:  100 kB\nMemAvailable:   12345 kB\n"), 12345)
        XCTAssertNil(AvailableMemory.memAvailable(in: "MemTotal: 100 kB\n"))
        XCTAssertGreaterThan(AvailableMemory.current().bytes, 0)
    }
}
