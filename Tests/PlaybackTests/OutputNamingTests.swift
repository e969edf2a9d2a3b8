import Engine
import Foundation
import XCTest
@testable import Playback

final class OutputNamingTests: XCTestCase {
    private let date = Date(timeIntervalSince1970: 1_714_558_500)   // 2024-05-01 10:15:00 UTC
    private let utc = TimeZone(identifier: "UTC") ?? .current

    func testDefaultTemplate() throws {
        let naming = try OutputNaming(timeZone: utc)
        let request = GenerationRequest(prompt: "A Dog barking — in the RAIN!", mode: .prior, seed: 42)
        XCTAssertEqual(naming.baseName(for: request, date: date), "20240501-101500-a-dog-barking-in-the-rain-prior-s42")
    }

    func testSlugFoldsAccentsDropsSeparatorsAndTruncatesAtAWord() {
        XCTAssertEqual(OutputNaming.slug("Café crème / ../etc/passwd", maxLength: 40), "cafe-creme-etc-passwd")
        XCTAssertEqual(OutputNaming.slug("  ", maxLength: 40), "")
        XCTAssertEqual(OutputNaming.slug("寿司", maxLength: 40), "")
        XCTAssertEqual(OutputNaming.slug("thunder over a wide valley at night", maxLength: 20), "thunder-over-a-wide")
        XCTAssertEqual(OutputNaming.slug("abcdefghijklmnopqrstuvwxyz", maxLength: 10), "abcdefghij")
    }

    func testImageModeAndEmptyPromptFallBack() throws {
        let naming = try OutputNaming(template: "{prompt}-{mode}-{guidance}-{steps}-{sampler}", timeZone: utc)
        let image = GenerationRequest(prompt: "", imagePath: "/tmp/My Photo.JPG", mode: .image, guidanceScale: 2.5)
        XCTAssertEqual(naming.baseName(for: image), "my-photo-image-2p5-25-dpm-2m")
        let empty = GenerationRequest(prompt: "!!!", mode: .zeroShot)
        XCTAssertEqual(naming.baseName(for: empty), "zero-shot-3p0-25-dpm-2m")
        let nothing = try OutputNaming(template: "{prompt}", timeZone: utc)
        XCTAssertEqual(nothing.baseName(for: empty), "take")
    }

    func testTemplateTextCannotEscapeTheFolder() throws {
        let naming = try OutputNaming(template: "../../{seed}/x", timeZone: utc)
        XCTAssertEqual(naming.baseName(for: GenerationRequest(seed: 7)), "7-x")
    }

    func testBadTemplatesAreRejected() {
        XCTAssertThrowsError(try OutputNaming(template: "{date}-{colour}")) { error in
            guard case .badTemplate(_, let reason)? = error as? AudioFileError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("{colour}"), reason)
        }
        XCTAssertThrowsError(try OutputNaming(template: "{date"))
    }

    func testNamingNeverOverwrites() throws {
        let folder = try makeTemporaryFolder(self)
        let naming = try OutputNaming(template: "{prompt}-s{seed}", timeZone: utc)
        let request = GenerationRequest(prompt: "rain", seed: 1)
        XCTAssertEqual(naming.availableURL(in: folder, for: request).lastPathComponent, "rain-s1.wav")
        var written: [String] = []
        for index in 0..<4 {
            let buffer = tone(seconds: 0.01 * Double(index + 1), sampleRate: 8000)
            let url = try AudioFile.write(buffer, into: folder, naming: naming, recipe: TakeRecipe(request: request, bundle: "test", bundleHash: nil), date: date)
            written.append(url.lastPathComponent)
            XCTAssertEqual(try AudioFile.readMetadata(url).frameCount, buffer.frameCount)
            XCTAssertEqual(try AudioFile.readMetadata(url).request, request)
        }
        XCTAssertEqual(written, ["rain-s1.wav", "rain-s1-2.wav", "rain-s1-3.wav", "rain-s1-4.wav"])
        // Earlier takes are untouched: each still has its own length.
        for (index, name) in written.enumerated() {
            XCTAssertEqual(try AudioFile.readMetadata(folder.appendingPathComponent(name)).frameCount, 80 * (index + 1))
        }
        XCTAssertEqual(naming.availableURL(in: folder, for: request, fileExtension: "flac").lastPathComponent, "rain-s1.flac")
        XCTAssertEqual(naming.availableURL(in: folder, for: request).lastPathComponent, "rain-s1-5.wav")
        XCTAssertEqual(folderContents(folder), written.sorted())
    }

    func testNamedWriteIntoMissingFolderFailsCleanly() throws {
        let folder = try makeTemporaryFolder(self)
        let missing = folder.appendingPathComponent("nope")
        let naming = try OutputNaming(timeZone: utc)
        XCTAssertThrowsError(try AudioFile.write(tone(seconds: 0.01, sampleRate: 8000), into: missing,
                                                 naming: naming, recipe: TakeRecipe(request: GenerationRequest(), bundle: "test", bundleHash: nil), date: date)) { error in
            guard case .cannotCreate(let path, _)? = error as? AudioFileError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasPrefix(missing.path), path)
        }
        XCTAssertEqual(folderContents(folder), [])
    }
}
