import Engine
import Foundation
import Models
import XCTest

/// The audio encoder's uses through the engine (issue #19): every take scored against its query,
/// long takes heard window by window, search by text, and a sound as the query of audio mode.
/// The tiny random bundle, with and without a random encoder.
final class ListeningEngineTests: XCTestCase {
    /// Sounds by path, so that no codec is needed: a sine per name, or an error.
    private static let reader: AudioReader = { path in
        switch path {
        case "/sounds/low.wav": return (sine(220, seconds: 0.6, rate: 22_050), 22_050)
        case "/sounds/high.wav": return (sine(2_400, seconds: 0.6, rate: 16_000), 16_000)
        case "/sounds/long.wav": return (sine(500, seconds: 2.5, rate: 16_000), 16_000)
        case "/sounds/silent.wav": return ([Float](repeating: 0, count: 16_000), 16_000)
        default: throw CocoaError(.fileReadCorruptFile)
        }
    }

    private static func sine(_ hz: Double, seconds: Double, rate: Int) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { Float(0.5 * sin(2 * Double.pi * hz * Double($0) / Double(rate))) }
    }

    private func listening() throws -> GenerationEngine {
        let engine = try TinyBundle.listeningEngine.get()
        engine.audioReader = Self.reader
        return engine
    }

    func testEveryTakeIsScoredAgainstItsQueryOnlyWithAnEncoder() throws {
        let engine = try listening()
        XCTAssertTrue(engine.hasAudioEncoder)
        let request = GenerationRequest(prompt: "a bell", mode: .prior, steps: 2, seed: 3)
        let takes = try engine.generate(request, modes: [.prior, .zeroShot])
        XCTAssertEqual(takes.count, 2)
        for take in takes {
            let score = try XCTUnwrap(take.score, "\(take.mode) not scored")
            XCTAssertTrue((-1...1).contains(score), "\(score)")
            XCTAssertGreaterThan(take.timings.scoring, 0)
            XCTAssertEqual(take.recipe.score, score)
        }
        XCTAssertNotEqual(takes[0].score, takes[1].score, "two queries, two scores")

        let plain = try TinyBundle.engine.get()
        let unscored = try plain.generate(request)
        XCTAssertNil(unscored[0].score)
        XCTAssertEqual(unscored[0].timings.scoring, 0)
        XCTAssertFalse(unscored[0].recipe.text.contains("\"score\""), unscored[0].recipe.text)
    }

    /// In audio mode the query is the sound's embedding, so the score is the cosine between the
    /// take's embedding and the sound's, both through the public API.
    func testAudioModeIsConditionedOnTheSoundAndScoredAgainstIt() throws {
        let engine = try listening()
        let request = GenerationRequest(mode: .audio, steps: 2, seed: 5, audioPath: "/sounds/low.wav")
        let take = try XCTUnwrap(try engine.generate(request).first)
        XCTAssertEqual(take.mode, .audio)
        XCTAssertEqual(take.request.audioPath, "/sounds/low.wav")
        XCTAssertTrue(take.recipe.text.contains("\"mode\":\"audio\""), take.recipe.text)
        let query = try engine.soundEmbedding(path: "/sounds/low.wav")
        let heard = try XCTUnwrap(try engine.soundEmbedding(mel: take.mel))
        XCTAssertEqual(try XCTUnwrap(take.score), GenerationEngine.similarity(heard, query), accuracy: 1e-5)
        // Another sound conditions the U-Net differently: the same seed makes another mel.
        var other = request
        other.audioPath = "/sounds/high.wav"
        let second = try XCTUnwrap(try engine.generate(other).first)
        XCTAssertNotEqual(second.mel.scalars, take.mel.scalars)
    }

    func testAudioModeErrorsNameTheSoundAndWhatToDo() throws {
        let engine = try listening()
        func failure(_ path: String, engine: GenerationEngine) -> String {
            do {
                _ = try engine.generate(GenerationRequest(mode: .audio, steps: 2, seed: 1, audioPath: path))
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(failure("/sounds/text.txt", engine: engine).hasPrefix("cannot use the sound /sounds/text.txt as the query:"))
        XCTAssertTrue(failure("/sounds/silent.wav", engine: engine).contains("silent"))
        let plain = try TinyBundle.engine.get()
        let missing = failure("/sounds/low.wav", engine: plain)
        XCTAssertTrue(missing.contains("has no audio encoder, which audio mode needs"), missing)
        XCTAssertThrowsError(try GenerationRequest(mode: .audio).validate()) {
            XCTAssertTrue("\($0)".contains("audio mode needs a sound"), "\($0)")
        }
    }

    /// A mel longer than the native window is heard window by window: the mean of the windows'
    /// embeddings (the last window ending at the mel's end), made unit length again.
    func testALongMelIsTheRenormalisedMeanOfItsWindows() throws {
        let engine = try listening()
        let window = engine.audio.frames, frames = 2 * window + window / 2
        let mel = Tensor(zeros: [engine.audio.nMels, frames])
        for i in 0..<mel.count { mel.pointer[i] = Float(sin(Double(i) * 0.37)) + Float(i % frames) / Float(frames) }
        let whole = try XCTUnwrap(try engine.soundEmbedding(mel: mel))
        var sum = [Float](repeating: 0, count: whole.count)
        for start in [0, window, frames - window] {
            let part = Tensor(zeros: [engine.audio.nMels, window])
            for m in 0..<engine.audio.nMels {
                for j in 0..<window { part.pointer[m * window + j] = mel.pointer[m * frames + start + j] }
            }
            let e = try XCTUnwrap(try engine.audioEmbedding(mel: part))
            for i in 0..<e.count { sum[i] += e.pointer[i] }
        }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in 0..<whole.count { XCTAssertEqual(whole.pointer[i], sum[i] / norm, accuracy: 1e-5) }
        // A native-length mel is embedded as it is.
        let native = Tensor(zeros: [engine.audio.nMels, window])
        for i in 0..<native.count { native.pointer[i] = mel.pointer[i] }
        let once = try XCTUnwrap(try engine.soundEmbedding(mel: native)), direct = try XCTUnwrap(try engine.audioEmbedding(mel: native))
        for i in 0..<once.count { XCTAssertEqual(once.pointer[i], direct.pointer[i], accuracy: 1e-6) }
    }

    func testSearchRanksByCosineAndSkipsWhatItCannotHear() throws {
        let engine = try listening()
        let query = try engine.searchEmbedding(text: "a low hum")
        XCTAssertEqual(try engine.searchEmbedding(text: "a low hum").scalars, query.scalars, "seed 0: one text, one query")
        let paths = ["/sounds/low.wav", "/sounds/high.wav", "/sounds/long.wav"]
        let expected = try paths.map { GenerationEngine.similarity(try engine.soundEmbedding(path: $0), query) }
        let candidates: [SoundSearch<Int>.Candidate] = paths.enumerated().map { .init(id: $0.offset, source: .file($0.element)) }
            + [.init(id: 3, source: .refused("outside the session folder")), .init(id: 4, source: .file("/sounds/gone.wav"))]
        let result = try engine.search(text: "a low hum", candidates: candidates)
        XCTAssertEqual(result.ranked.map(\.id), [0, 1, 2].sorted { expected[$0] > expected[$1] })
        for hit in result.ranked { XCTAssertEqual(hit.score, expected[hit.id], accuracy: 1e-6) }
        XCTAssertEqual(result.skipped.map(\.id), [3, 4])
        XCTAssertEqual(result.skipped[0].reason, "outside the session folder")
        XCTAssertTrue(result.skipped[1].reason.hasPrefix("cannot use the sound /sounds/gone.wav as the query"), result.skipped[1].reason)

        let plain = try TinyBundle.engine.get()
        XCTAssertThrowsError(try plain.search(text: "a bell", candidates: candidates)) {
            XCTAssertTrue("\($0)".contains("has no audio encoder"), "\($0)")
        }
    }

    func testTheRecipeCarriesTheScoreAndReadsItBack() throws {
        var recipe = TakeRecipe(request: GenerationRequest(prompt: "rain", seed: 2), bundle: "b", bundleHash: "h")
        recipe.score = 0.123456
        XCTAssertTrue(recipe.text.contains("\"score\":0.1235"), recipe.text)
        let back = try TakeRecipe(text: recipe.text)
        XCTAssertEqual(try XCTUnwrap(back.score), 0.1235, accuracy: 1e-6)
        XCTAssertEqual(back.request, recipe.request)
        XCTAssertNil(try TakeRecipe(text: #"{"prompt": "rain", "bundle": "b"}"#).score, "older tags have none")
        XCTAssertThrowsError(try TakeRecipe(text: #"{"prompt": "rain", "score": "high"}"#))
        XCTAssertThrowsError(try TakeRecipe(text: #"{"prompt": "rain", "score": 7}"#))
    }
}
