import FileTestSupport
import Foundation
import XCTest
@testable import Playback

/// Sound files are checked before libsndfile parses them (issue 17): only WAV and FLAC reach it,
/// and a WAV chunk that claims more bytes than the file holds is refused.
final class AudioHeaderTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fuzz/corpus/audio")

    /// Found by fuzz/run.sh audio: libsndfile 1.2.0 looped forever on these 97 bytes
    /// (`clipsonic info` on them never returned).
    func testTheWAVThatHungLibsndfileIsRefusedAtOnce() throws {
        let file = Self.corpus.appendingPathComponent("hang-list-overrun.wav")
        let message = outcome(within: 10, releasing: file) {
            do { _ = try AudioFile.readMetadata(file); return "read" } catch { return "\(error)" }
        }
        XCTAssertEqual(message, "cannot read \(file.path) as WAV or FLAC audio: its \"LIST\" chunk at byte 70 claims 26 "
            + "bytes but only 19 follow; the file is damaged; the file may be damaged or of another format")
    }

    /// The same LIST chunk after a data chunk that fits (75 bytes, made from the one above):
    /// libsndfile reads past the data, and looped there too.
    func testAnOverrunningChunkAfterTheDataIsRefusedToo() throws {
        let file = Self.corpus.appendingPathComponent("hang-list-after-data.wav")
        let message = outcome(within: 10, releasing: file) {
            do { _ = try AudioFile.read(file); return "read" } catch { return "\(error)" }
        }
        XCTAssertTrue(message?.contains("its \"LIST\" chunk at byte 48 claims 26 bytes but only 19 follow") ?? false,
                      message ?? "timed out")
    }

    /// Found by fuzz/run.sh audio: 68 bytes of FLAC whose STREAMINFO claims ~2 G samples made
    /// the reader allocate 7.8 GB for them up front.
    func testAFLACHeaderClaimingBillionsOfSamplesIsRefusedWithoutTheAllocation() throws {
        let file = Self.corpus.appendingPathComponent("oom-flac-streaminfo.flac")
        XCTAssertThrowsError(try AudioFile.read(file)) {
            XCTAssertTrue("\($0)".contains("more than the 134217728 samples a sound may hold"), "\($0)")
        }
    }

    func testOtherFormatsNeverReachLibsndfile() throws {
        let folder = try makeTemporaryFolder(self)
        let aiff = folder.appendingPathComponent("sound.aiff")
        try Data("FORM\u{0}\u{0}\u{0}\u{4}AIFF".utf8).write(to: aiff)
        XCTAssertThrowsError(try AudioFile.read(aiff)) {
            XCTAssertTrue("\($0)".contains("it is neither WAV nor FLAC (it starts with \"FORM\")"), "\($0)")
        }
        let short = folder.appendingPathComponent("short.wav")
        try Data("RIFF".utf8).write(to: short)
        XCTAssertThrowsError(try AudioFile.read(short)) {
            XCTAssertTrue("\($0)".contains("it is 4 bytes, too short for WAV or FLAC"), "\($0)")
        }
    }

    /// A recording cut short keeps its header's data size; libsndfile reads what is there.
    func testAWAVCutShortStillReads() throws {
        let folder = try makeTemporaryFolder(self)
        let url = folder.appendingPathComponent("take.wav")
        try AudioFile.write(AudioBuffer(samples: [Float](repeating: 0.25, count: 800), sampleRate: 8000), to: url)
        let whole = try Data(contentsOf: url)
        try whole.prefix(whole.count - 400).write(to: url)
        XCTAssertEqual(try AudioFile.read(url).samples.count, 600)
    }

    func testEveryWAVAndFLACOfTheCorpusThatLibsndfileReadsPassesTheCheck() throws {
        for name in ["mono16.wav", "float.wav", "s24.wav", "stereo-8k.wav", "flac16.flac", "flac24.flac"] {
            XCTAssertNoThrow(try AudioFile.read(Self.corpus.appendingPathComponent(name)), name)
        }
    }
}
