import Engine
import Foundation
import XCTest
@testable import Playback

final class AudioFileTests: XCTestCase {
    private let request = GenerationRequest(prompt: "a dog barking in the rain, Café noir", mode: .prior,
                                            guidanceScale: 3.5, steps: 30, sampler: .ddim, seed: 42, duration: 4)

    func testWAVInt16RoundTripIsWithinOneStep() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("take.wav")
        let samples = edgeSamples() + tone(seconds: 0.05, sampleRate: 16_000).samples
        try AudioFile.write(AudioBuffer(samples: samples, sampleRate: 16_000), to: url)
        let back = try AudioFile.read(url)
        XCTAssertEqual(back.sampleRate, 16_000)
        XCTAssertEqual(back.samples.count, samples.count)
        for (written, read) in zip(samples, back.samples) {
            // Clipping to full scale is the one intended change.
            let expected = min(max(written, -1), 1)
            XCTAssertEqual(read, expected, accuracy: 1.0 / 32768 + 1e-7, "sample \(written)")
        }
        XCTAssertEqual(try AudioFile.readMetadata(url).sampleFormat, .int16)
    }

    func testWAVFloatRoundTripIsExact() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("take.wav")
        let samples = edgeSamples() + tone(seconds: 0.05, sampleRate: 22_050).samples
        try AudioFile.write(AudioBuffer(samples: samples, sampleRate: 22_050), to: url,
                            options: .init(sampleFormat: .float32))
        let back = try AudioFile.read(url)
        XCTAssertEqual(back, AudioBuffer(samples: samples, sampleRate: 22_050))
        XCTAssertEqual(try AudioFile.readMetadata(url).sampleFormat, .float32)
    }

    func testFLACRoundTripAt16And24Bits() throws {
        let folder = try makeTemporaryFolder(self)
        let samples = edgeSamples() + tone(seconds: 0.05, sampleRate: 48_000).samples
        for (format, step) in [(AudioSampleFormat.int16, 1.0 / 32768), (.int24, 1.0 / 8_388_608)] {
            let url = folder.appendingPathComponent("take-\(format.rawValue).flac")
            try AudioFile.write(AudioBuffer(samples: samples, sampleRate: 48_000), to: url,
                                options: .init(sampleFormat: format))
            let back = try AudioFile.read(url)
            XCTAssertEqual(back.sampleRate, 48_000)
            XCTAssertEqual(back.samples.count, samples.count)
            let worst = zip(samples, back.samples).map { abs(min(max($0, -1), 1) - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(Double(worst), step + 1e-7, "\(format)")
            let info = try AudioFile.readMetadata(url)
            XCTAssertEqual(info.container, .flac)
            XCTAssertEqual(info.sampleFormat, format)
        }
    }

    func testFLACRefusesFloatWithAClearError() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("take.flac")
        XCTAssertThrowsError(try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: url,
                                                 options: .init(sampleFormat: .float32))) { error in
            XCTAssertEqual(error as? AudioFileError, .unsupportedSampleFormat(path: url.path, container: .flac, format: .float32))
            XCTAssertTrue("\(error)".contains(".wav"), "\(error)")
        }
        XCTAssertEqual(folderContents(folder), [])
    }

    func testTagsRoundTripInWAVAndFLACWithoutReadingSamples() throws {
        let folder = try makeTemporaryFolder(self)
        let date = Date(timeIntervalSince1970: 1_714_558_500)
        let tags = AudioTags(recipe: TakeRecipe(request: request, bundle: "test", bundleHash: nil), date: date)
        XCTAssertEqual(tags.title, "a dog barking in the rain, Café noir (prior, seed 42, guidance 3.5)")
        for name in ["take.wav", "take.flac"] {
            let url = folder.appendingPathComponent(name)
            try AudioFile.write(tone(seconds: 0.1, sampleRate: 16_000), to: url, options: .init(tags: tags))
            let info = try AudioFile.readMetadata(url)
            XCTAssertEqual(info.tags.title, tags.title, name)
            XCTAssertEqual(info.tags.comment, tags.comment, name)
            // libsndfile appends its own version: "CLIPSonic Studio 0.1.0 (libsndfile-1.2.0)".
            XCTAssertTrue(info.tags.software?.hasPrefix("CLIPSonic Studio \(EngineInfo.version)") ?? false, name)
            XCTAssertEqual(info.tags.date, "2024-05-01T10:15:00Z", name)
            XCTAssertEqual(info.request, request, name)
            XCTAssertEqual(info.sampleRate, 16_000, name)
            XCTAssertEqual(info.channels, 1, name)
            XCTAssertEqual(info.frameCount, 1600, name)
            XCTAssertEqual(info.duration, 0.1, accuracy: 1e-9, name)
        }
    }

    func testLongJSONCommentSurvives() throws {
        let folder = try makeTemporaryFolder(self)
        var long = request
        long.prompt = String(repeating: "thunder over a wide valley, ", count: 60)
        long.negativePrompt = "hiss"
        long.imagePath = "/pictures/ünïcode folder/valley.png"
        for name in ["long.wav", "long.flac"] {
            let url = folder.appendingPathComponent(name)
            try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: url,
                                options: .init(tags: AudioTags(recipe: TakeRecipe(request: long, bundle: "test", bundleHash: nil))))
            XCTAssertEqual(try AudioFile.readMetadata(url).request, long, name)
        }
    }

    func testFileWithoutTagsHasNoRequest() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("plain.wav")
        try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: url)
        let info = try AudioFile.readMetadata(url)
        XCTAssertNil(info.request)
        XCTAssertNil(info.tags.title)
    }

    func testStereoFileFromAnotherToolIsMixedToMono() throws {
        // Written by Python's wave module (training/fixtures/gen_playback.py): 8 kHz, 16-bit,
        // left = +0.5, right = -0.25 for 100 frames.
        let url = fixtureURL("stereo-8k.wav")
        let info = try AudioFile.readMetadata(url)
        XCTAssertEqual(info.channels, 2)
        XCTAssertEqual(info.frameCount, 100)
        XCTAssertNil(info.request)
        let buffer = try AudioFile.read(url)
        XCTAssertEqual(buffer.samples.count, 100)
        for sample in buffer.samples { XCTAssertEqual(sample, 0.125, accuracy: 1.0 / 32768) }
    }

    func testCorruptFileGivesAClearError() throws {
        let folder = try makeTemporaryFolder(self)
        let garbage = folder.appendingPathComponent("garbage.wav")
        try Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37) }).write(to: garbage)
        let truncated = folder.appendingPathComponent("truncated.flac")
        let whole = folder.appendingPathComponent("whole.flac")
        try AudioFile.write(tone(seconds: 0.1, sampleRate: 8000), to: whole)
        try Data(try Data(contentsOf: whole).prefix(20)).write(to: truncated)
        for url in [garbage, truncated] {
            for read in [{ _ = try AudioFile.read(url) }, { _ = try AudioFile.readMetadata(url) }] {
                XCTAssertThrowsError(try read()) { error in
                    guard case .unreadable(let path, _)? = error as? AudioFileError else {
                        return XCTFail("unexpected \(error)")
                    }
                    XCTAssertEqual(path, url.path)
                    XCTAssertTrue("\(error)".contains(url.path), "\(error)")
                }
            }
        }
        XCTAssertThrowsError(try AudioFile.read(folder.appendingPathComponent("missing.wav"))) { error in
            XCTAssertEqual(error as? AudioFileError, .notFound(path: folder.appendingPathComponent("missing.wav").path))
        }
    }

    func testUnsupportedExtensionIsRefused() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("take.mp3")
        XCTAssertThrowsError(try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: url)) { error in
            XCTAssertEqual(error as? AudioFileError, .unsupportedExtension(path: url.path, extension: "mp3"))
        }
        XCTAssertThrowsError(try AudioFile.write(AudioBuffer(samples: [0], sampleRate: 0),
                                                 to: folder.appendingPathComponent("a.wav")))
        XCTAssertEqual(folderContents(folder), [])
    }

    func testUnwritableFolderLeavesNothingAndNamesThePath() throws {
        let folder = try makeTemporaryFolder(self)
        // A regular file where a folder is expected fails for root too (unlike chmod 0555).
        let blocker = folder.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let url = blocker.appendingPathComponent("take.wav")
        XCTAssertThrowsError(try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: url)) { error in
            guard case .cannotCreate(let path, let reason)? = error as? AudioFileError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, url.path)
            XCTAssertEqual(reason, "Not a directory")
            XCTAssertTrue("\(error)".contains("choose another output folder"), "\(error)")
        }
        let missing = folder.appendingPathComponent("no/such/folder/take.flac")
        XCTAssertThrowsError(try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: missing))
        XCTAssertEqual(folderContents(folder), ["not-a-folder"])
    }

    func testDiskFullMidWriteLeavesNoPartialFileAndKeepsTheOldOne() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("take.wav")
        let old = tone(seconds: 0.01, sampleRate: 8000)
        try AudioFile.write(old, to: url)
        // RLIMIT_FSIZE makes writes past 4 KiB fail with EFBIG, as a full disk fails with ENOSPC,
        // after the temporary file exists and holds a header.
        for name in ["take.wav", "take.flac"] {
            let target = folder.appendingPathComponent(name)
            let error = try withFileSizeLimit(4096) { () -> Error? in
                do {
                    try AudioFile.write(tone(seconds: 1, sampleRate: 48_000), to: target)
                    return nil
                } catch {
                    return error
                }
            }
            guard case .writeFailed(let path, _)? = error as? AudioFileError else {
                return XCTFail("\(name): expected writeFailed, got \(String(describing: error))")
            }
            XCTAssertEqual(path, target.path)
            XCTAssertTrue("\(error!)".contains("nothing was saved"), "\(error!)")
        }
        XCTAssertEqual(folderContents(folder), ["take.wav"])
        XCTAssertEqual(try AudioFile.read(url).samples.count, old.samples.count)
    }

    func testReplaceExistingFalseRefusesAndKeepsTheFile() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("keep.wav")
        try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), to: url)
        XCTAssertThrowsError(try AudioFile.write(tone(seconds: 0.02, sampleRate: 8000), to: url,
                                                 options: .init(replaceExisting: false))) { error in
            XCTAssertEqual(error as? AudioFileError, .alreadyExists(path: url.path))
        }
        XCTAssertEqual(try AudioFile.readMetadata(url).frameCount, 80)
        try AudioFile.write(tone(seconds: 0.02, sampleRate: 8000), to: url)
        XCTAssertEqual(try AudioFile.readMetadata(url).frameCount, 160)
        XCTAssertEqual(folderContents(folder), ["keep.wav"])
    }

    /// Runs `body` with the soft file size limit lowered and SIGXFSZ ignored, then restores both.
    private func withFileSizeLimit<T>(_ bytes: UInt64, _ body: () throws -> T) throws -> T {
        var saved = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var limited = saved
        limited.rlim_cur = rlim_t(bytes)
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited), 0)
        defer {
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
            signal(SIGXFSZ, previousHandler)
        }
        return try body()
    }
}
