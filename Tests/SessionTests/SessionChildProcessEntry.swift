import Engine
import Foundation
import Playback
@testable import Session
import XCTest

/// The entry point of `SessionChildProcess` children. In an ordinary test run the environment
/// variables are absent and it returns at once.
final class SessionChildProcessEntry: XCTestCase {
    func testChildProcessEntry() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let modeName = environment[SessionChildProcess.modeVariable],
              let path = environment[SessionChildProcess.fileVariable] else { return }
        let file = URL(fileURLWithPath: path)
        switch SessionChildProcess.Mode(rawValue: modeName) {
        case .torture: try saveForever(file)
        case .fileSizeLimit: try saveUnderFileSizeLimit(file)
        case .readOnlyAsNobody: try saveAsNobody(file)
        case .deleteUndo: try deleteAndUndoForever(file)
        case .saveTakes: try saveTakesForever(file)
        case nil: XCTFail("unknown child mode \(modeName)")
        }
    }

    private func saveForever(_ file: URL) throws {
        let store = try SessionStore.open(at: file, clock: { sampleDate })
        var n = store.session.settings.request.seed
        // A bound, so a child whose parent died does not run forever.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            n += 1
            let next = SessionChildProcess.tortureState(n)
            try store.update { $0 = next }
        }
    }

    private func deleteAndUndoForever(_ file: URL) throws {
        let store = try SessionStore.open(at: file)
        // A kill may have left a delete to undo first.
        while !store.session.trash.isEmpty { try store.undoDelete() }
        let deadline = Date().addingTimeInterval(120)
        var n = 0
        while Date() < deadline {
            n += 1
            try store.deleteTake(store.session.takes[n % store.session.takes.count].id)
            try store.undoDelete()
        }
    }

    /// The studio's two steps for each take: its WAV written into the takes folder through the
    /// one take writer's path (recipe in the tags, a name that never replaces a file), then the
    /// session saved with the take listed. Named by seed, so the parent can match file and recipe.
    private func saveTakesForever(_ file: URL) throws {
        let store = try SessionStore.open(at: file)
        let folder = try store.outputFolderURL()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let naming = try OutputNaming(template: "take-s{seed}")
        let buffer = AudioBuffer(samples: [Float](repeating: 0.1, count: 8_000), sampleRate: 16_000)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let request = GenerationRequest(prompt: "kill test", seed: GenerationRequest.drawSeed())
            let url = try AudioFile.write(buffer, into: folder, naming: naming,
                                          recipe: TakeRecipe(request: request, bundle: "tiny", bundleHash: nil))
            let take = Take(request: request, audioPath: SessionPath.stored(url, sessionFolder: store.folder), duration: 0.5)
            try store.update { $0.addTake(take) }
        }
    }

    private func saveUnderFileSizeLimit(_ file: URL) throws {
        #if os(Linux)
        signal(SIGXFSZ, SIG_IGN)  // or the kernel kills the writer instead of failing the write
        var limit = rlimit(rlim_cur: 16_384, rlim_max: rlim_t.max)
        XCTAssertEqual(setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit), 0)
        #endif
        let store = try SessionStore.open(at: file)
        let old = try Data(contentsOf: file)
        XCTAssertThrowsError(try store.update { $0.takes[0].note = String(repeating: "x", count: 100_000) }) { error in
            XCTAssertTrue("\(error)".contains("File too large"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: file), old)
        XCTAssertTrue(store.hasUnsavedChanges)
        // The audio copy is bigger than the limit too: starring fails and leaves nothing behind.
        let takeID = try XCTUnwrap(store.session.takes.first?.id)
        XCTAssertThrowsError(try store.star(takeID)) { error in
            XCTAssertTrue("\(error)".contains("File too large"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: try store.favouritesFolderURL().path), [])
        XCTAssertEqual(try Data(contentsOf: file), old)
        // A later change small enough to fit saves everything pending.
        try store.update { $0.takes[0].note = "short" }
        XCTAssertEqual(try SessionStore.open(at: file).session.takes[0].note, "short")
    }

    private func saveAsNobody(_ file: URL) throws {
        #if os(Linux)
        XCTAssertEqual(setgid(65_534), 0)
        XCTAssertEqual(setuid(65_534), 0)
        #endif
        let store = try SessionStore.open(at: file)
        let old = try Data(contentsOf: file)
        XCTAssertThrowsError(try store.update { $0.settings.themeName = "light" }) { error in
            XCTAssertTrue("\(error)".contains("Permission denied"), "\(error)")
            XCTAssertTrue("\(error)".contains("The previous version of the file is intact"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: file), old)
        XCTAssertTrue(store.hasUnsavedChanges)
        XCTAssertEqual(store.session.settings.themeName, "light")
    }
}
