import Foundation
import XCTest
@testable import Engine
import Models

/// The smallest framings the audio limits allow (one mel band, one frame, a one-sample hop)
/// generate or fail with a message; no stage traps on them (issue 17).
final class HostileWindowTests: XCTestCase {
    func audio(hop: Int, frames: Int) -> [String: Any] {
        ["sample_rate": 1000, "n_fft": 16, "hop": hop, "win": 16, "n_mels": 1, "fmin": 0, "fmax": 500, "frames": frames,
         "log": ["base": "e", "floor": 1e-5, "mean": 0, "std": 1]]
    }

    func testTheSmallestWindowsGenerateOrSayWhy() throws {
        for (hop, frames, expected) in [(1, 1, "expected at least 8 frames for n_fft 16, hop 1"), (16, 2, nil)] {
            let folder = try HostileBundle.make("audio", audio(hop: hop, frames: frames)) { doc in
                HostileBundle.set(&doc, ["unet", "config", "n_mels"], 1)
            }
            defer { try? FileManager.default.removeItem(at: folder) }
            let engine = try GenerationEngine(bundle: ModelBundle.open(at: folder))
            let request = GenerationRequest(prompt: "rain", mode: .zeroShot, steps: 2, seed: 1)
            do {
                let takes = try engine.generate(request)
                XCTAssertNil(expected, "hop \(hop), \(frames) frames: made a take")
                XCTAssertEqual(takes.first?.waveform.count, hop * frames)
            } catch {
                let message = "\(error)"
                XCTAssertTrue(expected.map { message.contains($0) } ?? false, "hop \(hop), \(frames) frames: \(message)")
            }
        }
    }
}
