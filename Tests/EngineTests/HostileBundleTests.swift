import Foundation
import XCTest
@testable import Engine
import Models

/// Issue 17: no value in bundle.json can crash the engine, hang it or make it allocate more
/// than the machine has. Each case is a reproducer: the tiny bundle with one value changed, and
/// the words the error must contain (the field's JSON path, the value found, the range allowed).
final class HostileBundleTests: XCTestCase {
    let cases: [(path: String, value: Any, expected: [String])] = [
        ("audio.frames", Int.max, ["audio.frames", "9223372036854775807", "1 to 16384"]),
        ("clip.config.text_config.num_hidden_layers", 1_000_000_000,
         ["clip.config.text_config.num_hidden_layers", "1000000000", "0 to 128"]),
        ("clip.config.text_config.hidden_size", 0, ["clip.config.text_config.hidden_size", "found 0", "1 to 8192"]),
        ("clip.config.text_config.num_attention_heads", 5,
         ["clip.config.text_config.num_attention_heads", "5 heads do not divide hidden_size 32"]),
        ("clip.config.text_config.vocab_size", Int.min, ["clip.config.text_config.vocab_size", "-9223372036854775808"]),
        ("clip.config.text_config.eos_token_id", 49408, ["clip.config.text_config.eos_token_id", "0 to 49407"]),
        ("clip.config.text_config.layer_norm_eps", 0, ["clip.config.text_config.layer_norm_eps", "found 0.0"]),
        ("clip.config.vision_config.patch_size", 0, ["clip.config.vision_config.patch_size", "1 to 32"]),
        ("clip.config.vision_config.patch_size", 5, ["clip.config.vision_config.patch_size", "5 does not divide image_size 32"]),
        ("clip.config.vision_config.image_size", 1 << 40, ["clip.config.vision_config.image_size", "1 to 2048"]),
        ("clip.config.projection_dim", -1, ["clip.config.projection_dim", "found -1"]),
        ("clip.context_length", 1000, ["clip.context_length", "1000 is longer than the text tower's 77 positions"]),
        ("clip.image", HostileBundleTests.image(std: [0, 0, 0]), ["clip.image.std", "element 0", "found 0.0"]),
        ("clip.image", HostileBundleTests.image(mean: [0.5]), ["clip.image.mean", "must list 3 numbers", "found 1"]),
        ("clip.image", HostileBundleTests.image(crop: -32), ["clip.image.crop_size", "found -32"]),
        ("clip.image", HostileBundleTests.image(crop: 64), ["clip.image.crop_size", "64 differs from the image tower's image_size 32"]),
        ("prior.config.net.depth", 1_000_000_000, ["prior.config.net.depth", "1 to 128"]),
        ("prior.config.net.heads", 0, ["prior.config.net.heads", "found 0"]),
        ("prior.config.net.ff_mult", 1e300, ["prior.config.net.ff_mult", "1e+300"]),
        ("prior.config.timesteps", 1, ["prior.config.timesteps", "2 to 100000"]),
        ("prior.config.sample_timesteps", 100, ["prior.config.sample_timesteps", "found 100"]),
        ("prior.config.image_embed_dim", 48, ["prior.config.image_embed_dim", "is 48 but net.dim is 32"]),
        ("unet.config.base_channels", 0, ["unet.config.base_channels", "1 to 4096"]),
        ("unet.config.channel_multipliers", [Int](), ["unet.config.channel_multipliers", "from 1 to 8 numbers, found 0"]),
        ("unet.config", ["base_channels": 4096, "channel_multipliers": [1, 64]],
         ["unet.config.channel_multipliers", "4096 x 64 = 262144 channels", "at most 16384"]),
        ("unet.config.attention_levels", [5], ["unet.config.attention_levels", "level 5 is outside 0..1"]),
        ("unet.config.head_channels", 7, ["unet.config.head_channels", "not a multiple of 7"]),
        ("unet.config.norm_groups", 0, ["unet.config.norm_groups", "found 0"]),
        ("unet.config.time_embed_dim", Int.max, ["unet.config.time_embed_dim", "0 to 65536"]),
        ("unet.config.clip_dim", 48, ["unet.config.clip_dim is 48 but CLIP's projection is 32 wide"]),
        ("unet.config.n_mels", 48, ["unet.config.n_mels is 48 but audio.n_mels is 32"]),
        ("unet.schedule.train_steps", 1, ["unet.schedule.train_steps", "2 to 100000", "found 1"]),
        ("unet.schedule.beta_end", 1, ["unet.schedule.beta_end", "found 1.0"]),
        ("vocoder.config.iterations", 1_000_000_000, ["vocoder.config.iterations", "0 to 1000"]),
        ("vocoder.config.momentum", 1.5, ["vocoder.config.momentum", "found 1.5"]),
    ]

    /// A `clip.image` section (the tiny bundle has none) with one value changed.
    static func image(crop: Int = 32, mean: [Double] = [0.5, 0.5, 0.5], std: [Double] = [0.25, 0.25, 0.25]) -> [String: Any] {
        ["shortest_edge": 32, "crop_size": crop, "mean": mean, "std": std]
    }

    func testEveryHostileValueIsRefusedByNameWithItsRange() throws {
        for (path, value, expected) in cases {
            let folder = try HostileBundle.make(path, value)
            defer { try? FileManager.default.removeItem(at: folder) }
            guard let message = HostileBundle.error(opening: folder) else {
                XCTFail("\(path) = \(value): the bundle opened")
                continue
            }
            XCTAssertTrue(message.contains(folder.path), message)
            for words in expected {
                XCTAssertTrue(message.contains(words), "\(path) = \(value): \"\(words)\" not in: \(message)")
            }
        }
    }

    /// BigVGAN upsampling rates whose product overflows an Int (64^16 = 2^96; the hop was a
    /// plain `reduce(1, *)`): refused while the product is taken, at 65536 samples per frame;
    /// and a single rate too large to be a kernel (2^31) by its own range.
    func testVocoderUpsamplingThatOverflowsIsRefused() throws {
        let v2 = try JSONValueEncoder().encodeText(BigVGANConfiguration.v2_22kHz80Band256x)
        guard var config = try JSONSerialization.jsonObject(with: Data(v2.utf8)) as? [String: Any] else {
            return XCTFail("BigVGAN config did not encode as an object")
        }
        config["upsample_rates"] = [Int](repeating: 64, count: 16)
        config["upsample_kernel_sizes"] = [Int](repeating: 128, count: 16)
        let folder = try HostileBundle.make("vocoder", ["kind": "bigvgan", "weights": "clip.safetensors", "config": config])
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = try XCTUnwrap(HostileBundle.error(opening: folder))
        XCTAssertTrue(message.contains("vocoder.config.upsample_rates"), message)
        XCTAssertTrue(message.contains("more than 65536 samples per frame"), message)

        config["upsample_rates"] = [1 << 31, 1 << 31, 4]
        config["upsample_kernel_sizes"] = [1 << 31, 1 << 31, 4]
        let huge = try HostileBundle.make("vocoder", ["kind": "bigvgan", "weights": "clip.safetensors", "config": config])
        defer { try? FileManager.default.removeItem(at: huge) }
        let second = try XCTUnwrap(HostileBundle.error(opening: huge))
        XCTAssertTrue(second.contains("vocoder.config.upsample_rates: element 0 must be from 1 to 64, found 2147483648"), second)
    }

    /// Sizes within every range can still add up to more than the machine: CLIP at the largest
    /// width and depth allowed is ~170 G parameters. Refused before a weight is read (the tiny
    /// bundle's weights would otherwise fail on their shapes), with the estimate and what is available.
    func testABundleLargerThanTheMachineIsRefusedWithTheEstimate() throws {
        let folder = try HostileBundle.make("clip.config.text_config", [
            "hidden_size": 8192, "intermediate_size": 65_536, "num_hidden_layers": 128, "num_attention_heads": 64,
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = try XCTUnwrap(HostileBundle.error(opening: folder))
        XCTAssertTrue(message.contains("needs about"), message)
        XCTAssertTrue(message.contains("weights: CLIP"), message)
        XCTAssertTrue(message.contains("available (MemAvailable in /proc/meminfo)"), message)
        XCTAssertFalse(message.contains("tensor"), "refused after reading weights: \(message)")
    }

    func testTheTinyBundleIsRefusedWhenTheMachineHasTooLittleAndBuiltWhenItHasEnough() throws {
        let folder = try TinyBundle.url.get()
        let refused = try XCTUnwrap(HostileBundle.error(opening: folder, availableMemory: { (1e6, "test figure") }))
        XCTAssertTrue(refused.contains("has 0.0 GB available (test figure)"), refused)
        XCTAssertTrue(refused.contains("largest working set: "), refused)
        XCTAssertNil(HostileBundle.error(opening: folder, availableMemory: { (1e12, "test figure") }))
    }

    /// The bundle fits, but a long take of it might not: the request is refused before any work.
    func testALongTakeBeyondTheMemoryLeftIsRefused() throws {
        let available = AvailableFigure(bytes: 1e12)
        let engine = try GenerationEngine(bundle: ModelBundle.open(at: try TinyBundle.url.get()),
                                          availableMemory: { (available.bytes, "test figure") })
        var request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 2, seed: 1)
        request.duration = 600
        XCTAssertNoThrow(try engine.validate(request, modes: [.zeroShot]))
        available.bytes = 1e6
        XCTAssertThrowsError(try engine.validate(request, modes: [.zeroShot])) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("a 600.0 s take of bundle random-tiny needs about"), message)
            XCTAssertTrue(message.contains("ask for a shorter duration"), message)
        }
        request.duration = nil
        XCTAssertNoThrow(try engine.validate(request, modes: [.zeroShot]), "a native take allocates nothing new to check")
    }
}

private final class AvailableFigure: @unchecked Sendable {
    var bytes: Double
    init(bytes: Double) { self.bytes = bytes }
}
