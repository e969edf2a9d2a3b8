import Foundation
import XCTest
@testable import Models

/// Log-mel parity with `bigvgan.meldataset.mel_spectrogram` (run in float64 by
/// training/fixtures/gen_audio.py) on committed tones, noise and espeak-ng speech.
final class AudioLogMelTests: XCTestCase {
    static let configurations: [String: MelConfiguration] = [
        "bigvgan22k": MelConfiguration(),
        "fmax8k": MelConfiguration(fmax: 8000),
        "small": MelConfiguration(nFFT: 512, hopSize: 128, winSize: 400, numMels: 40, fmin: 50, fmax: 7000),
    ]

    func testFilterbankMatchesLibrosa() throws {
        let reference = try SafeTensors(contentsOf: fixtureURL("audio/logmel.safetensors"))
        // librosa.filters.mel(sr=22050, n_fft=512, n_mels=40, fmin=50, fmax=7000)
        let expected = try reference.tensor("filterbank.small")
        let bank = MelFilterbank(sampleRate: 22050, nFFT: 512, numMels: 40, fmin: 50, fmax: 7000)
        XCTAssertEqual(expected.shape, [40, 257])
        let actual = Tensor(shape: [40, 257], scalars: bank.weights.map(Float.init))
        assertClose(actual, expected, tolerance: 1e-6, "filterbank")
    }

    func testLogMelMatchesBigVGAN() throws {
        let reference = try SafeTensors(contentsOf: fixtureURL("audio/logmel.safetensors"))
        var checked = 0
        for name in reference.names where !name.hasPrefix("filterbank") {
            let parts = name.split(separator: ".").map(String.init)
            let config = try XCTUnwrap(Self.configurations[parts[0]], name)
            let (samples, _) = try TestWAV.read(fixtureURL("audio/\(parts[1]).wav"))
            let actual = try LogMelSpectrogram(configuration: config)(samples)
            let expected = try reference.tensor(name)
            XCTAssertEqual(actual.shape, expected.shape, name)
            var err: Float = 0
            for i in 0..<expected.count { err = max(err, abs(actual.pointer[i] - expected.pointer[i])) }
            print("log-mel \(name): max abs error \(err)")
            XCTAssertLessThanOrEqual(err, 1e-4, name)
            checked += 1
        }
        XCTAssertEqual(checked, 5)
    }

    func testBatchedWaveformGivesBatchedLogMel() throws {
        let mel = try LogMelSpectrogram(configuration: MelConfiguration())
        let (samples, _) = try TestWAV.read(fixtureURL("audio/tone.wav"))
        let one = try mel(samples)
        let batch = Tensor(shape: [2, samples.count], scalars: samples + samples.map { -$0 })
        let both = try mel(batch)
        XCTAssertEqual(both.shape, [2] + one.shape)
        // A sign flip does not change magnitudes.
        XCTAssertEqual(Array(both.scalars[0..<one.count]), one.scalars)
        XCTAssertEqual(Array(both.scalars[one.count...]), one.scalars)
    }

    func testConfigurationDecodesBigVGANKeys() throws {
        let json = #"{"sampling_rate": 24000, "n_fft": 1024, "hop_size": 256, "win_size": 1024, "num_mels": 100, "fmin": 0, "fmax": null, "segment_size": 65536}"#
        let config = try JSONDecoder().decode(MelConfiguration.self, from: Data(json.utf8))
        XCTAssertEqual(config, MelConfiguration(sampleRate: 24000, numMels: 100))
        XCTAssertEqual(config.upperFrequency, 12000)
        XCTAssertThrowsError(try MelConfiguration(nFFT: 1000).validate())
    }
}
